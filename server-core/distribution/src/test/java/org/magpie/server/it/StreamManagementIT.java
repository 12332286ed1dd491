package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Stream management (XEP-0198) over real sockets: a phone whose network drops resumes its session
 * without losing a message; one that does not come back finds what it missed as offline messages;
 * nobody can resume a session that is not theirs.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamManagementIT {

    /** Short, so that the session that never comes back ends within the test. */
    private static final int RESUME_SECONDS = 3;

    private InProcessServer server;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        server = InProcessServer.start(tmp, Map.of("server.sm.resume.seconds", Integer.toString(RESUME_SECONDS),
                "server.sm.ack.delay.ms", "100"));
        server.registerAll("password1", "alice", "bob", "carol", "dave", "mallory");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientWhoseNetworkDropsResumesAndGetsEverythingSentMeanwhile() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "password1", "phone");
        assertTrue(alice.isSmEnabled() && alice.isSmResumptionPossible(), "Smack enabled resumption");
        BlockingQueue<Message> got = collect(alice);
        XMPPTCPConnection bob = server.login("bob", "password1", "desk");
        EntityBareJid aliceJid = JidCreate.entityBareFrom("alice@localhost");
        bob.sendStanza(ArchiveIT.chat(bob, aliceJid, "before the lift"));
        assertEquals("before the lift", got.poll(10, TimeUnit.SECONDS).getBody());

        alice.instantShutdown(); // the network is gone: no closing tag, Smack keeps its stream management state
        for (int i = 1; i <= 3; i++) {
            bob.sendStanza(ArchiveIT.chat(bob, aliceJid, "in the lift " + i));
        }
        PingManager.getInstanceFor(bob).pingMyServer(); // all three were routed

        alice.connect().login();

        assertTrue(alice.streamWasResumed(), "the session was resumed, not a new one bound");
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Message m = got.poll(10, TimeUnit.SECONDS);
            assertNotNull(m, "message " + (i + 1) + " of 3 arrived after resumption; got " + bodies);
            bodies.add(m.getBody());
        }
        assertEquals(List.of("in the lift 1", "in the lift 2", "in the lift 3"), bodies);
        PingManager.getInstanceFor(alice).pingMyServer();
        assertEquals(null, got.poll(), "each exactly once");
        alice.disconnect();
        bob.disconnect();
    }

    @Test
    void aClientThatDoesNotComeBackFindsWhatItMissedAsOfflineMessages() throws Exception {
        XMPPTCPConnection carol = server.login("carol", "password1", "phone");
        XMPPTCPConnection dave = server.login("dave", "password1", "desk");
        BlockingQueue<Presence> gone = new LinkedBlockingQueue<>();
        dave.addAsyncStanzaListener(s -> gone.offer((Presence) s), s -> s instanceof Presence p
                && p.getFrom().asBareJid().toString().equals("carol@localhost") && p.getType() == Presence.Type.unavailable);
        carol.sendStanza(carol.getStanzaFactory().buildPresenceStanza().to(dave.getUser()).build());
        PingManager.getInstanceFor(carol).pingMyServer(); // the directed presence was taken before the network goes
        EntityBareJid carolJid = JidCreate.entityBareFrom("carol@localhost");

        carol.instantShutdown();
        dave.sendStanza(ArchiveIT.chat(dave, carolJid, "are you there?"));
        PingManager.getInstanceFor(dave).pingMyServer();
        assertNotNull(gone.poll(RESUME_SECONDS + 10, TimeUnit.SECONDS), "the session ends once the resumption time passed");

        BlockingQueue<Message> got = loginFresh("carol", "laptop");
        Message m = got.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "the unacknowledged message became an offline message");
        assertEquals("are you there?", m.getBody());
        dave.disconnect();
    }

    @Test
    void aNewLoginElsewhereEndsTheWaitingSessionAndGetsWhatItMissed() throws Exception {
        XMPPTCPConnection dave = server.login("dave", "password1", "phone");
        XMPPTCPConnection carol = server.login("carol", "password1", "desk2");
        dave.instantShutdown();
        carol.sendStanza(ArchiveIT.chat(carol, JidCreate.entityBareFrom("dave@localhost"), "call me"));
        PingManager.getInstanceFor(carol).pingMyServer();

        // one login place: the new login displaces the session waiting for its phone
        BlockingQueue<Message> got = loginFresh("dave", "laptop");
        Message m = got.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "what the phone never acknowledged reaches the new login");
        assertEquals("call me", m.getBody());
        carol.disconnect();
    }

    /** A login without resumption, catching messages from before its initial presence on. */
    private BlockingQueue<Message> loginFresh(String user, String resource) throws Exception {
        XMPPTCPConnection c = server.connection(resource);
        c.setUseStreamManagementResumption(false);
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        c.connect();
        c.addSyncStanzaListener(s -> got.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);
        c.login(user, "password1");
        return got;
    }

    @Test
    void nobodyResumesASessionThatIsNotTheirs() throws Exception {
        // alice's session, resumable, with its id read off the wire
        try (RawXmppClient victim = new RawXmppClient(server.port())) {
            victim.logIn(server.sslContext(), "alice", "password1", "tablet");
            victim.send("<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
            String enabled = victim.await(" max=", Duration.ofSeconds(10)); // id and resume come before max
            Matcher id = Pattern.compile("id=['\"]([^'\"]+)['\"]").matcher(enabled.substring(enabled.indexOf("<enabled")));
            assertTrue(id.find(), enabled);

            try (RawXmppClient attacker = new RawXmppClient(server.port())) {
                attacker.logInWithoutBinding(server.sslContext(), "mallory", "password1");
                attacker.send("<resume xmlns='urn:xmpp:sm:3' previd='" + id.group(1) + "' h='0'/>");
                String answer = attacker.awaitAny("</failed>", "<resumed");
                assertTrue(answer.contains("<failed") && answer.contains("item-not-found"), answer);
            }

            // alice's session is untouched: still hers, still answering
            victim.send("<r xmlns='urn:xmpp:sm:3'/>");
            String ack = victim.await(" h=", Duration.ofSeconds(10));
            assertTrue(ack.contains("<a xmlns=\"urn:xmpp:sm:3\""), ack);
            assertFalse(victim.transcript().contains("stream:error"), victim.transcript());
        }
    }

    @Test
    void contactsDoNotSeeAResumingClientGoOffline() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "password1", "watch");
        XMPPTCPConnection bob = server.login("bob", "password1", "watcher");
        BlockingQueue<Presence> presences = new LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(s -> presences.offer((Presence) s), s -> s instanceof Presence p
                && p.getFrom().asBareJid().toString().equals("alice@localhost") && p.getType() == Presence.Type.unavailable);
        // a directed presence makes bob one who is told when alice goes (RFC 6121 4.6)
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(bob.getUser()).build());
        PingManager.getInstanceFor(alice).pingMyServer();

        alice.instantShutdown();
        alice.connect().login();
        assertTrue(alice.streamWasResumed());
        PingManager.getInstanceFor(alice).pingMyServer();
        PingManager.getInstanceFor(bob).pingMyServer();

        assertEquals(null, presences.poll(), "no unavailable presence for a session that was resumed");
        alice.disconnect();
        assertNotNull(presences.poll(10, TimeUnit.SECONDS), "one when it really ends");
        bob.disconnect();
    }

    private static BlockingQueue<Message> collect(XMPPTCPConnection c) {
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> got.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);
        return got;
    }
}
