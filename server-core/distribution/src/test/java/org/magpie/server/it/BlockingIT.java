package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Blocking (XEP-0191) with Smack's BlockingCommandManager against the real server and its database:
 * the block is pushed to the user's other session and kept across logins, the blocked contact sees
 * the user go offline, its messages bounce as if the user were not there, the user's own messages to
 * it are refused, and unblocking everything lets messages through again.
 */
class BlockingIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of("server.sessions.per.account", "3"));
        server.registerAll(PASSWORD, "gina", "mallory", "hank", "iris", "pete");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aBlockedContactIsCutOffBothWaysUntilUnblocked() throws Exception {
        XMPPTCPConnection desk = server.login("gina", PASSWORD, "desk");
        XMPPTCPConnection phone = server.login("gina", PASSWORD, "phone");
        XMPPTCPConnection mallory = server.login("mallory", PASSWORD, "pc");
        XMPPTCPConnection hank = server.login("hank", PASSWORD, "pc");
        try {
            BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(desk);
            assertTrue(blocking.isSupportedByServer(), "urn:xmpp:blocking is in the server's disco#info");
            BlockingQueue<List<Jid>> pushedToPhone = new LinkedBlockingQueue<>();
            BlockingCommandManager.getInstanceFor(phone).addJidsBlockedListener(pushedToPhone::add);
            BlockingQueue<Stanza> atMallory = stanzas(mallory);
            BlockingQueue<Stanza> atGina = stanzas(desk);

            blocking.blockContacts(List.of(jid("mallory")));

            assertEquals(List.of(jid("mallory")), next(pushedToPhone), "the other session hears of the block");
            java.util.Set<Jid> offline = new java.util.HashSet<>();
            for (int i = 0; i < 2; i++) {
                Presence gone = (Presence) next(atMallory);
                assertEquals(Presence.Type.unavailable, gone.getType(), "the blocked contact sees gina go offline");
                offline.add(gone.getFrom());
            }
            assertEquals(java.util.Set.of(full("gina", "desk"), full("gina", "phone")), offline, "both her sessions");

            // mallory's message bounces with service-unavailable; hank's, sent after the bounce arrived, is gina's first
            mallory.sendStanza(chat(mallory, jid("gina"), "let me in"));
            Message bounce = (Message) next(atMallory);
            assertEquals(Message.Type.error, bounce.getType());
            assertEquals(StanzaError.Condition.service_unavailable, bounce.getError().getCondition());
            hank.sendStanza(chat(hank, jid("gina"), "hello gina"));
            Stanza firstStanza = next(atGina);
            assertTrue(firstStanza instanceof Message, firstStanza.toXML().toString());
            Message first = (Message) firstStanza;
            assertEquals("hello gina", first.getBody(), "nothing from mallory reached gina");

            // gina cannot write to mallory either: refused with a reason
            desk.sendStanza(chat(desk, jid("mallory"), "oops"));
            Message refused = (Message) next(atGina);
            assertEquals(Message.Type.error, refused.getType());
            assertEquals(StanzaError.Condition.not_acceptable, refused.getError().getCondition());
            assertNotNull(refused.getError().getDescriptiveText());

            // an IQ (which no interceptor sees) from mallory bounces too
            XMPPException.XMPPErrorException iq = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> org.jivesoftware.smackx.iqversion.VersionManager.getInstanceFor(mallory)
                            .getVersion(org.jxmpp.jid.impl.JidCreate.entityFullFrom(full("gina", "desk").toString())));
            assertEquals(StanzaError.Condition.service_unavailable, iq.getStanzaError().getCondition());

            // the list is stored: a new login reads it back; unblocking everything lets messages through
            XMPPTCPConnection later = server.login("gina", PASSWORD, "tablet");
            try {
                assertEquals(List.of(jid("mallory")), BlockingCommandManager.getInstanceFor(later).getBlockList());
                BlockingCommandManager.getInstanceFor(later).unblockAll();
                // Smack answers from its copy, which the server's push empties (it may arrive just after the result)
                InProcessServer.eventually(java.time.Duration.ofSeconds(10),
                        () -> BlockingCommandManager.getInstanceFor(later).getBlockList().isEmpty());
            } finally {
                later.disconnect();
            }
            mallory.sendStanza(chat(mallory, full("gina", "desk"), "friends again?"));
            assertEquals("friends again?", ((Message) next(atGina)).getBody());
        } finally {
            for (XMPPTCPConnection c : List.of(desk, phone, mallory, hank)) {
                c.disconnect();
            }
        }
    }

    @Test
    void aBlockedFriendNoLongerSeesThePresenceTheRosterBroadcasts() throws Exception {
        XMPPTCPConnection iris = server.connection("desk");
        Roster.getInstanceFor(iris).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        iris.connect();
        iris.login("iris", PASSWORD);
        XMPPTCPConnection pete = server.login("pete", PASSWORD, "pc");
        try {
            // pete subscribes to iris's presence; her client approves at once
            BlockingQueue<Stanza> atPete = stanzas(pete);
            pete.sendStanza(pete.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribe)
                    .to(jid("iris")).build());
            Stanza s;
            do {
                s = next(atPete);
            } while (!(s instanceof Presence p && p.getType() == Presence.Type.subscribed));
            iris.sendStanza(iris.getStanzaFactory().buildPresenceStanza().setStatus("before").build());
            do {
                s = next(atPete);
            } while (!(s instanceof Presence q && "before".equals(q.getStatus())));

            BlockingCommandManager.getInstanceFor(iris).blockContacts(List.of(jid("pete")));
            Presence gone = (Presence) next(atPete);
            assertEquals(Presence.Type.unavailable, gone.getType());

            // her next presence is broadcast by the roster plugin to her subscribers: not to pete
            iris.sendStanza(iris.getStanzaFactory().buildPresenceStanza().setStatus("after").build());
            org.jivesoftware.smackx.ping.PingManager.getInstanceFor(iris).pingMyServer(); // the broadcast is done
            org.jivesoftware.smackx.ping.PingManager.getInstanceFor(pete).pingMyServer();
            // a message from someone else, sent after that, is the next thing pete gets
            XMPPTCPConnection hank = server.login("hank", PASSWORD, "pc2");
            try {
                hank.sendStanza(chat(hank, jid("pete"), "next"));
                Stanza following = next(atPete);
                assertTrue(following instanceof Message m && "next".equals(m.getBody()),
                        "iris's presence did not reach pete: " + following.toXML());
            } finally {
                hank.disconnect();
            }
        } finally {
            iris.disconnect();
            pete.disconnect();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Messages and presences from other accounts, in arrival order. */
    private static BlockingQueue<Stanza> stanzas(XMPPTCPConnection c) {
        BlockingQueue<Stanza> queue = new LinkedBlockingQueue<>();
        EntityBareJid self = c.getUser().asEntityBareJid();
        c.addSyncStanzaListener(s -> {
            if (s.getFrom() != null && !s.getFrom().asBareJid().equals(self) && s.getFrom().hasLocalpart()) {
                queue.add(s);
            }
        }, s -> s instanceof Message || s instanceof Presence);
        return queue;
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T t = queue.poll(10, TimeUnit.SECONDS);
        assertNotNull(t, "nothing arrived within 10 s");
        return t;
    }

    private static Message chat(XMPPTCPConnection from, Jid to, String body) {
        return from.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(to).setBody(body).build();
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }

    private static Jid full(String user, String resource) {
        return JidCreate.fromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN + "/" + resource);
    }
}
