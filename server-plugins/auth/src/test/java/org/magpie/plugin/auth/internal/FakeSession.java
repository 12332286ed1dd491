package org.magpie.plugin.auth.internal;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;

/** A client session that is authenticated (or not) and records what is sent to it. */
record FakeSession(EntityFullJid jid0, String language, List<String> events, List<Stanza> sent) implements Session {

    static FakeSession anonymous(String language, List<String> events, List<Stanza> sent) {
        return new FakeSession(null, language, events, sent);
    }

    static FakeSession loggedIn(String fullJid, List<String> events, List<Stanza> sent) throws XmppStringprepException {
        return new FakeSession(JidCreate.entityFullFrom(fullJid), "en", events, sent);
    }

    @Override
    public String id() {
        return "s1";
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("127.0.0.1", 40000);
    }

    @Override
    public boolean isSecure() {
        return true;
    }

    @Override
    public Optional<EntityBareJid> account() {
        return Optional.ofNullable(jid0).map(EntityFullJid::asEntityBareJid);
    }

    @Override
    public Optional<EntityFullJid> jid() {
        return Optional.ofNullable(jid0);
    }

    @Override
    public Optional<Stanza> presence() {
        return Optional.empty();
    }

    @Override
    public void send(Stanza stanza) {
        sent.add(stanza);
        events.add("send " + stanza.type());
    }
}
