package org.magpie.server.testsupport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StreamErrorCondition;

/**
 * A client session without a network: it records what it is sent and whether it was ended, and
 * holds the presence it is given. Open for extension, so that the core's tests can add what the core
 * alone knows of a session.
 */
public class FakeSession implements Session {

    private static int counter;

    private final String id;
    private final EntityBareJid account;
    private final EntityFullJid jid;
    private final List<Stanza> sent = new CopyOnWriteArrayList<>();
    private volatile String language = "en";
    private volatile boolean secure = true;
    private volatile Stanza presence;
    private volatile StreamErrorCondition endedWith;
    private volatile EventLog log = EventLog.NONE;

    protected FakeSession(EntityBareJid account, EntityFullJid jid) {
        synchronized (FakeSession.class) {
            this.id = "fake-" + ++counter;
        }
        this.account = account;
        this.jid = jid;
    }

    /** A session that has bound {@code fullJid} ({@code alice@example.com/desk}). */
    public static FakeSession bound(String fullJid) {
        EntityFullJid full = jid(() -> JidCreate.entityFullFrom(fullJid));
        return new FakeSession(full.asEntityBareJid(), full);
    }

    /** A session that has logged in as {@code account} but bound no resource yet. */
    public static FakeSession authenticated(String account) {
        return new FakeSession(jid(() -> JidCreate.entityBareFrom(account)), null);
    }

    /** A session that has not logged in. */
    public static FakeSession anonymous() {
        return new FakeSession(null, null);
    }

    /** The language its stream header declared. */
    public FakeSession language(String xmlLang) {
        this.language = xmlLang;
        return this;
    }

    public FakeSession secure(boolean tls) {
        this.secure = tls;
        return this;
    }

    /** Notes what happens to this session ({@code send <type>}) in a log shared with other fakes, to check order. */
    public FakeSession logTo(EventLog events) {
        this.log = events;
        return this;
    }

    /** Makes the session available with this presence (null: unavailable). */
    public FakeSession withPresence(Stanza available) {
        this.presence = available;
        return this;
    }

    /** What was sent to it, oldest first. */
    public List<Stanza> sent() {
        return List.copyOf(sent);
    }

    /** The last stanza sent to it; fails when nothing was. */
    public Stanza lastSent() {
        if (sent.isEmpty()) {
            throw new AssertionError(this + " was sent nothing");
        }
        return sent.get(sent.size() - 1);
    }

    /** Forgets what was sent so far. */
    public List<Stanza> takeSent() {
        List<Stanza> taken = new ArrayList<>(sent);
        sent.clear();
        return taken;
    }

    /** Ends the session's stream, as the server does when it closes a session. */
    public void end(StreamErrorCondition condition) {
        log.add("end " + this + " (" + condition.xmlName() + ")");
        this.endedWith = condition;
    }

    /** The stream error the session was ended with, if it was. */
    public Optional<StreamErrorCondition> endedWith() {
        return Optional.ofNullable(endedWith);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public boolean isSecure() {
        return secure;
    }

    @Override
    public Optional<EntityBareJid> account() {
        return Optional.ofNullable(account);
    }

    @Override
    public Optional<EntityFullJid> jid() {
        return Optional.ofNullable(jid);
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public Optional<Stanza> presence() {
        return Optional.ofNullable(presence);
    }

    @Override
    public void send(Stanza stanza) {
        sent.add(stanza);
        log.add("send " + stanza.type());
    }

    @Override
    public String toString() {
        return jid != null ? jid.toString() : account != null ? account.toString() : id;
    }

    interface JidMaker<J> {
        J make() throws XmppStringprepException;
    }

    static <J> J jid(JidMaker<J> maker) {
        try {
            return maker.make();
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
