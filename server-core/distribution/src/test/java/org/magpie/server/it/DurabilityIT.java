package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.osgi.framework.Bundle;

/**
 * No message lost (issue 14, item 9 and the no-loss side of item 3), against the packaged server:
 * <ul>
 * <li>a client whose connection silently dies (it stops reading and answering, TCP stays open) gets
 *     the messages sent to it meanwhile again at its next login;</li>
 * <li>offline messages handed to a session that dies at once are not lost;</li>
 * <li>a history page is bounded in bytes and the client pages on;</li>
 * <li>deleting an account leaves the other party its history, and a new account of the name nothing;</li>
 * <li>an account deleted while the archive plugin is switched off is forgotten when it starts.</li>
 * </ul>
 * Pings for proof of reading go out 200 ms after a message and may wait 3 s for an answer here.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DurabilityIT {

    private static final String PASSWORD = "secret1234";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final int PAGE_BYTES = 4096;

    private InProcessServer server;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        // Smack's generic parser trips over the groups' notices; the other ITs read them with this too
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
        server = InProcessServer.start(tmp, Map.of("server.delivery.confirm.delay.ms", "200",
                "server.ping.timeout.seconds", "3", "archive.mam.max.page.bytes", Integer.toString(PAGE_BYTES)));
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    private String user() throws Exception {
        String name = "dur" + USERS.incrementAndGet();
        server.register(name, PASSWORD, name);
        return name;
    }

    private static EntityBareJid jid(String user) throws Exception {
        return JidCreate.entityBareFrom(user + "@" + InProcessServer.DOMAIN);
    }

    /** A raw client logged in, bound and available, that from now on reads or answers only when the test says. */
    private RawXmppClient rawLogin(String user) throws Exception {
        RawXmppClient raw = new RawXmppClient(server.port());
        raw.startTls(server.sslContext());
        String outcome = raw.scramSha256(user, PASSWORD);
        assertTrue(outcome.contains("success"), outcome);
        raw.send(RawXmppClient.OPEN);
        raw.await("</stream:features>", Duration.ofSeconds(10));
        raw.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw</resource></bind></iq>");
        raw.await("</iq>", Duration.ofSeconds(10));
        raw.send("<presence/><iq type='get' id='sync1'><ping xmlns='urn:xmpp:ping'/></iq>");
        raw.await("sync1", Duration.ofSeconds(10)); // presence handled (offline messages, if any, written)
        return raw;
    }

    /** Logs in with Smack and collects the chat messages that come, including offline ones sent at login. */
    private XMPPTCPConnection loginCollecting(String user, BlockingQueue<Message> into) throws Exception {
        XMPPTCPConnection c = server.connection("desk");
        c.connect();
        c.addSyncStanzaListener(s -> into.offer((Message) s), s -> s instanceof Message m && m.getBody() != null); // in order
        c.login(user, PASSWORD);
        PingManager.getInstanceFor(c).pingMyServer();
        return c;
    }

    private static List<String> next(BlockingQueue<Message> queue, int count) throws InterruptedException {
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Message m = queue.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "message " + (i + 1) + " of " + count + " did not come; got " + bodies);
            bodies.add(m.getBody());
        }
        return bodies;
    }

    @Test
    void messagesToAConnectionThatSilentlyDiedComeAgainAtTheNextLogin() throws Exception {
        String sender = user();
        String recipient = user();
        XMPPTCPConnection from = server.login(sender, PASSWORD, "desk");
        RawXmppClient dead = rawLogin(recipient);
        try {
            // from here on the recipient reads nothing and answers nothing, its TCP connection stays open
            for (int i = 1; i <= 3; i++) {
                from.sendStanza(ArchiveIT.chat(from, jid(recipient), "into the void " + i));
            }
            PingManager.getInstanceFor(from).pingMyServer(); // all three were routed to the dead session
            assertTrue(dead.closedByServer(Duration.ofSeconds(30)),
                    "the server must notice the silent connection: " + dead.transcript());
            assertTrue(dead.transcript().contains("urn:xmpp:ping"), "it asked for proof of reading: " + dead.transcript());
            assertTrue(dead.transcript().contains("into the void 3"), "the messages were written: " + dead.transcript());
        } finally {
            dead.close();
        }
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection again = loginCollecting(recipient, got);
        try {
            assertEquals(List.of("into the void 1", "into the void 2", "into the void 3"), next(got, 3));
        } finally {
            again.disconnect();
            from.disconnect();
        }
    }

    @Test
    void offlineMessagesHandedToASessionThatDiesAtOnceAreNotLost() throws Exception {
        String sender = user();
        String recipient = user();
        XMPPTCPConnection from = server.login(sender, PASSWORD, "desk");
        for (int i = 1; i <= 2; i++) {
            from.sendStanza(ArchiveIT.chat(from, jid(recipient), "kept " + i));
        }
        PingManager.getInstanceFor(from).pingMyServer(); // both are stored offline

        // logs in, says it is available (which hands over the offline messages) and vanishes without a word
        RawXmppClient vanishing = new RawXmppClient(server.port());
        vanishing.startTls(server.sslContext());
        assertTrue(vanishing.scramSha256(recipient, PASSWORD).contains("success"));
        vanishing.send(RawXmppClient.OPEN);
        vanishing.await("</stream:features>", Duration.ofSeconds(10));
        vanishing.send("<iq type='set' id='b'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        vanishing.await("</iq>", Duration.ofSeconds(10));
        vanishing.send("<presence/>");
        vanishing.close();

        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection again = loginCollecting(recipient, got);
        try {
            assertEquals(Set.of("kept 1", "kept 2"), new HashSet<>(next(got, 2)));
        } finally {
            again.disconnect();
            from.disconnect();
        }
    }

    @Test
    void offlineMessagesReadByTheClientAreGoneAfterwards() throws Exception {
        String sender = user();
        String recipient = user();
        XMPPTCPConnection from = server.login(sender, PASSWORD, "desk");
        from.sendStanza(ArchiveIT.chat(from, jid(recipient), "once only"));
        PingManager.getInstanceFor(from).pingMyServer();
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection first = loginCollecting(recipient, got);
        assertEquals(List.of("once only"), next(got, 1));
        first.disconnect(); // a clean close: what it was sent counts as read

        BlockingQueue<Message> later = new LinkedBlockingQueue<>();
        XMPPTCPConnection second = loginCollecting(recipient, later);
        try {
            from.sendStanza(ArchiveIT.chat(from, jid(recipient), "fresh"));
            assertEquals(List.of("fresh"), next(later, 1), "the offline message came once, not again");
        } finally {
            second.disconnect();
            from.disconnect();
        }
    }

    @Test
    void aHistoryPageStopsAtItsByteLimitAndTheClientPagesOn() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection ca = server.login(a, PASSWORD, "desk");
        List<String> sent = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String body = i + ":" + "长".repeat(400); // about 1.2 KB each in UTF-8
            sent.add(body);
            ca.sendStanza(ArchiveIT.chat(ca, jid(b), body));
        }
        String huge = "big:" + "x".repeat(PAGE_BYTES * 2);
        sent.add(huge);
        ca.sendStanza(ArchiveIT.chat(ca, jid(b), huge));
        PingManager.getInstanceFor(ca).pingMyServer();
        try {
            MamQuery q = MamManager.getInstanceFor(ca).queryArchive(MamQueryArgs.builder().limitResultsToJid(jid(b))
                    .setResultPageSizeTo(50).build());
            List<String> first = bodies(q.getMessages());
            assertTrue(first.size() < 10 && !first.isEmpty(), "the page is cut by bytes: " + first.size() + " messages");
            assertFalse(q.isComplete(), "a cut page is not complete");
            List<String> all = new ArrayList<>(first);
            int pages = 1;
            while (!q.isComplete()) {
                List<String> page = bodies(q.pageNext(50));
                assertFalse(page.isEmpty(), "every page brings something");
                all.addAll(page);
                assertTrue(++pages < 20, "paging ends");
            }
            assertEquals(sent, all, "every message once, in order");
            assertTrue(pages >= 4, "11 messages of which 10 of ~1.2 KB and one of 8 KB do not fit in fewer 4 KB pages: " + pages);
        } finally {
            ca.disconnect();
        }
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }

    @Test
    void deletingAnAccountLeavesTheOtherPartyItsHistoryAndANewAccountOfTheNameNothing() throws Exception {
        String leaver = user();
        String stayer = user();
        XMPPTCPConnection l = server.login(leaver, PASSWORD, "desk");
        XMPPTCPConnection s = server.login(stayer, PASSWORD, "desk");
        l.sendStanza(ArchiveIT.chat(l, jid(stayer), "from the leaver"));
        PingManager.getInstanceFor(l).pingMyServer();
        s.sendStanza(ArchiveIT.chat(s, jid(leaver), "from the stayer"));
        PingManager.getInstanceFor(s).pingMyServer();
        AccountManager.getInstance(l).deleteAccount();
        InProcessServer.eventually(Duration.ofSeconds(10), () -> !l.isConnected());
        try {
            MamQuery kept = MamManager.getInstanceFor(s).queryArchive(MamQueryArgs.builder().limitResultsToJid(jid(leaver)).build());
            assertEquals(List.of("from the leaver", "from the stayer"), bodies(kept.getMessages()),
                    "the other party keeps its copy of the conversation");
            MamQuery whole = MamManager.getInstanceFor(s).queryArchive(MamQueryArgs.builder().build());
            assertEquals(List.of("from the leaver", "from the stayer"), bodies(whole.getMessages()));

            server.register(leaver, PASSWORD, "Somebody else");
            XMPPTCPConnection newcomer = server.login(leaver, PASSWORD, "desk");
            try {
                assertEquals(List.of(), MamManager.getInstanceFor(newcomer).queryArchive(MamQueryArgs.builder().build())
                        .getMessages(), "a new account of the same name reads nothing of the old one");
                assertEquals(List.of(), MamManager.getInstanceFor(newcomer).queryArchive(MamQueryArgs.builder()
                        .limitResultsToJid(jid(stayer)).build()).getMessages());
                newcomer.sendStanza(ArchiveIT.chat(newcomer, jid(stayer), "hello, I am new"));
                PingManager.getInstanceFor(newcomer).pingMyServer();
                assertEquals(List.of("hello, I am new"), bodies(MamManager.getInstanceFor(newcomer)
                        .queryArchive(MamQueryArgs.builder().build()).getMessages()));
            } finally {
                newcomer.disconnect();
            }
        } finally {
            s.disconnect();
        }
    }

    @Test
    void anAccountDeletedWhileTheArchiveIsOffIsForgottenWhenItStarts() throws Exception {
        String gone = user();
        String friend = user();
        XMPPTCPConnection f = server.login(friend, PASSWORD, "desk");
        f.sendStanza(ArchiveIT.chat(f, jid(gone), "waiting for you 1"));
        f.sendStanza(ArchiveIT.chat(f, jid(gone), "waiting for you 2"));
        PingManager.getInstanceFor(f).pingMyServer();
        XMPPTCPConnection g = server.login(gone, PASSWORD, "desk"); // gets them: they are in its history now
        g.sendStanza(ArchiveIT.chat(g, jid(friend), "thanks"));
        PingManager.getInstanceFor(g).pingMyServer();
        g.disconnect();
        f.sendStanza(ArchiveIT.chat(f, jid(gone), "still waiting"));
        PingManager.getInstanceFor(f).pingMyServer(); // kept offline

        Bundle archive = server.bundle("org.magpie.plugin.archive");
        archive.stop();
        try {
            XMPPTCPConnection doomed = server.login(gone, PASSWORD, "desk");
            AccountManager.getInstance(doomed).deleteAccount();
            InProcessServer.eventually(Duration.ofSeconds(10), () -> !doomed.isConnected());
        } finally {
            archive.start();
        }
        InProcessServer.eventually(Duration.ofSeconds(30), () -> MamManager.getInstanceFor(f).isSupported());

        server.register(gone, PASSWORD, "New owner of the name");
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection newcomer = loginCollecting(gone, got);
        try {
            assertEquals(List.of(), List.copyOf(got), "no offline message of the old account reaches the new one");
            assertEquals(List.of(), MamManager.getInstanceFor(newcomer).queryArchive(MamQueryArgs.builder().build())
                    .getMessages(), "no history of the old account");
            assertTrue(InboxIT.inbox(newcomer).isEmpty(), "no inbox of the old account");
            assertEquals(List.of("waiting for you 1", "waiting for you 2", "thanks", "still waiting"),
                    bodies(MamManager.getInstanceFor(f).queryArchive(MamQueryArgs.builder().limitResultsToJid(jid(gone))
                            .build()).getMessages()), "the friend keeps its side");
        } finally {
            newcomer.disconnect();
            f.disconnect();
        }
    }

    @Test
    void anUnreadableStoredMessageIsLeftOutOfHistoryPagesAndTheJoinHistory() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection ca = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection cb = server.login(b, PASSWORD, "desk");
        EntityBareJid room = JidCreate.entityBareFrom("70001@rooms." + InProcessServer.DOMAIN);
        try {
            for (String body : List.of("good 1", "poison 1", "good 2")) {
                ca.sendStanza(ArchiveIT.chat(ca, jid(b), body));
            }
            MultiUserChat muc = MultiUserChatManager.getInstanceFor(ca).getMultiUserChat(room);
            muc.create(Resourcepart.from("A")).makeInstant();
            for (String body : List.of("group good 1", "poison 2", "group good 2")) {
                muc.sendMessage(body);
            }
            PingManager.getInstanceFor(ca).pingMyServer();
            // a row a parser cannot read back (as an older build's bug or a damaged disk might leave)
            assertEquals(2, NewerSchemaIT.update(server,
                    "UPDATE chat_history SET stanza = '<message><body>broken' WHERE body LIKE 'poison%'"));

            MamQuery q = MamManager.getInstanceFor(cb).queryArchive(MamQueryArgs.builder().limitResultsToJid(jid(a)).build());
            assertEquals(List.of("good 1", "good 2"), bodies(q.getMessages()), "the page comes without the bad row");
            assertTrue(q.isComplete());

            try (StanzaCollector replay = cb.createStanzaCollector(MessageTypeFilter.GROUPCHAT)) {
                MultiUserChatManager.getInstanceFor(cb).getMultiUserChat(room).join(Resourcepart.from("B"));
                List<String> replayed = new ArrayList<>();
                while (!replayed.contains("group good 2")) {
                    Message m = replay.nextResult(10_000);
                    assertNotNull(m, "the join history came, so far " + replayed);
                    if (m.getBody() != null && (m.getBody().startsWith("group") || m.getBody().startsWith("poison"))) {
                        replayed.add(m.getBody());
                    }
                }
                assertEquals(List.of("group good 1", "group good 2"), replayed, "entering the group works, without the bad row");
            }
        } finally {
            ca.disconnect();
            cb.disconnect();
        }
    }
}
