package org.magpie.plugin.pep.internal;

import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.IqType;
import org.magpie.server.api.PresenceSubscriptions;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.FakeSession;
import org.magpie.server.testsupport.FakeSessionManager;
import org.magpie.server.testsupport.FakeStanzaRouter;
import org.magpie.server.testsupport.TestDatabase;

/** The engine on an in-memory database with fake sessions, router and subscriptions, and request helpers. */
final class PepFixture {

    /** Who receives whose presence: "contact owner" pairs. */
    static final class Subscriptions implements PresenceSubscriptions {
        final Set<String> pairs = new HashSet<>();

        void friends(String a, String b) {
            pairs.add(a + " " + b);
            pairs.add(b + " " + a);
        }

        @Override
        public boolean receivesPresenceOf(EntityBareJid contact, EntityBareJid owner) {
            return pairs.contains(contact + " " + owner);
        }

        @Override
        public Set<EntityBareJid> presenceSourcesOf(EntityBareJid account) {
            Set<EntityBareJid> out = new HashSet<>();
            pairs.stream().filter(p -> p.startsWith(account + " ")).forEach(p -> out.add(bare(p.split(" ")[1])));
            return out;
        }

        @Override
        public Set<EntityBareJid> presenceSubscribersOf(EntityBareJid owner) {
            Set<EntityBareJid> out = new HashSet<>();
            pairs.stream().filter(p -> p.endsWith(" " + owner)).forEach(p -> out.add(bare(p.split(" ")[0])));
            return out;
        }
    }

    final TestDatabase db = TestDatabase.inMemory();
    final FakeSessionManager sessions = new FakeSessionManager();
    final FakeStanzaRouter router = new FakeStanzaRouter();
    final Subscriptions subscriptions = new Subscriptions();
    final PepEngine engine;
    final PubSubHandler pubsub;
    final PubSubOwnerHandler owner;
    final PrivateStorageHandler privateStorage;
    private int ids;

    PepFixture() throws SQLException {
        this(new PepSettings(3, 2000, 5, 2, Duration.ofSeconds(5)));
    }

    PepFixture(PepSettings settings) throws SQLException {
        engine = new PepEngine(new PepStore(db.dataSource(), db), () -> sessions, () -> router, subscriptions,
                JidCreate.domainBareFromOrThrowUnchecked("example.com"), settings);
        pubsub = new PubSubHandler(engine);
        owner = new PubSubOwnerHandler(engine);
        privateStorage = new PrivateStorageHandler(engine);
    }

    static EntityBareJid bare(String jid) {
        return JidCreate.entityBareFromOrThrowUnchecked(jid);
    }

    static Element xml(String xml) {
        return StoredXml.parse(xml).orElseThrow();
    }

    /** A bound, available session that asked for notifications of these nodes (its caps already known). */
    FakeSession online(String fullJid, String... notifyNodes) {
        FakeSession s = sessions.add(FakeSession.bound(fullJid));
        s.withPresence(Stanza.create(Stanza.Kind.PRESENCE, s.jid().get(), null, (String) null, null, List.of()));
        if (notifyNodes.length > 0) {
            engine.caps().remember(s.id(), Set.of(notifyNodes).stream().map(n -> n + "+notify").collect(java.util.stream.Collectors.toSet()));
        }
        return s;
    }

    /** An IQ request from the session to {@code to} (null: its own account) with this payload. */
    Stanza iq(Session from, String to, IqType type, String payload) {
        return Stanza.create(Stanza.Kind.IQ, from.jid().get(), to == null ? null : JidCreate.fromOrThrowUnchecked(to), type,
                "q" + ++ids, List.of(xml(payload)));
    }

    Stanza pubsub(Session from, String to, IqType type, String inner) throws StanzaException {
        return pubsub.handle(iq(from, to, type, "<pubsub xmlns='http://jabber.org/protocol/pubsub'>" + inner + "</pubsub>"), from);
    }

    Stanza publish(Session from, String node, String id, String payload) throws StanzaException {
        return pubsub(from, null, IqType.SET, "<publish node='" + node + "'><item id='" + id + "'>" + payload + "</item></publish>");
    }

    Stanza owner(Session from, IqType type, String inner) throws StanzaException {
        return owner.handle(iq(from, null, type, "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'>" + inner + "</pubsub>"), from);
    }

    Stanza privateXml(Session from, IqType type, String inner) throws StanzaException {
        return privateStorage.handle(iq(from, null, type, "<query xmlns='jabber:iq:private'>" + inner + "</query>"), from);
    }

    /** The stanza error's condition and application condition, "condition" or "condition/app". */
    static String error(Stanza reply) {
        if (!reply.is(IqType.ERROR)) {
            return "no error: " + reply;
        }
        Element error = reply.element().child("error", "jabber:client").orElseThrow();
        String condition = error.childIn("urn:ietf:params:xml:ns:xmpp-stanzas").orElseThrow().name();
        return error.childIn(PubSubException.ERRORS).map(a -> condition + "/" + a.name()).orElse(condition);
    }
}
