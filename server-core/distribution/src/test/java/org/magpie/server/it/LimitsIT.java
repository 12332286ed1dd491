package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Limits in bytes and in numbers, tried the way a script on the intranet would: connections from one
 * address, connections that never log in, a client that floods without reading, one that stops
 * reading, one that goes silent (half-open), too many groups, too many registrations.
 *
 * <p>Clients of each per-address test connect from a loopback address of their own (127.0.0.x), so
 * that the tests do not count each other's connections.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LimitsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "limits12345";
    private static final int CONNECTIONS_PER_ADDRESS = 6;
    private static final int UNAUTHENTICATED_PER_ADDRESS = 3;
    private static final int UNAUTHENTICATED_TOTAL = 6;
    private static final int ROOMS_PER_USER = 2;
    private static final int REGISTRATIONS_PER_ADDRESS = 3;
    private static final int PING_IDLE_SECONDS = 3;
    private static final int PING_TIMEOUT_SECONDS = 3;
    private static final Duration HEARTBEAT = Duration.ofMillis(500);

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.ofEntries(
                Map.entry("server.sessions.per.account", "10"),
                Map.entry("server.limits.connections.per.address", Integer.toString(CONNECTIONS_PER_ADDRESS)),
                Map.entry("server.limits.unauthenticated.per.address", Integer.toString(UNAUTHENTICATED_PER_ADDRESS)),
                Map.entry("server.limits.unauthenticated.total", Integer.toString(UNAUTHENTICATED_TOTAL)),
                Map.entry("server.limits.outbound.bytes", Integer.toString(1024 * 1024)),
                // the slow reader's test reads its stream error only after the server has sent everything
                Map.entry("server.limits.write.timeout.seconds", "120"),
                Map.entry("server.ping.idle.seconds", Integer.toString(PING_IDLE_SECONDS)),
                Map.entry("server.ping.timeout.seconds", Integer.toString(PING_TIMEOUT_SECONDS)),
                Map.entry("rooms.max.per.user", Integer.toString(ROOMS_PER_USER)),
                Map.entry("auth.registration.per.address.per.hour", Integer.toString(REGISTRATIONS_PER_ADDRESS))));
        // each account from an address of its own: the registrations-per-address limit is low here
        String[] users = {"alice", "bob", "sink", "flooder", "ghost", "roomy", "slowpoke", "crowd", "dora"};
        for (int i = 0; i < users.length; i++) {
            String reply = register("127.0.1." + (i + 1), users[i], PASSWORD);
            assertTrue(reply.contains("type=\"result\""), reply);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ------------------------------------------------------------------ connections

    @Test
    @Order(1)
    void connectionsFromOneAddressAreLimitedWithAClearStreamError() throws Exception {
        List<RawXmppClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < CONNECTIONS_PER_ADDRESS; i++) {
                RawXmppClient c = new RawXmppClient(server.port(), "127.0.0.2");
                open.add(c);
                c.logIn(server.sslContext(), "crowd", PASSWORD, "r" + i);
                c.keepAliveInBackground(HEARTBEAT, true);
            }
            try (RawXmppClient refused = new RawXmppClient(server.port(), "127.0.0.2")) {
                String error = refused.await("</stream:error>", WAIT);
                assertTrue(error.contains("<policy-violation"), error);
                assertTrue(error.contains("Too many connections from your address"), error);
                assertTrue(refused.closedByServer(WAIT), refused.transcript());
            }
            // another address is not affected
            try (RawXmppClient other = new RawXmppClient(server.port(), "127.0.0.12")) {
                other.send(RawXmppClient.OPEN);
                other.await("</stream:features>", WAIT);
            }
        } finally {
            for (RawXmppClient c : open) {
                c.close();
            }
        }
    }

    @Test
    @Order(2)
    void connectionsThatDoNotLogInAreLimitedPerAddress() throws Exception {
        List<RawXmppClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < UNAUTHENTICATED_PER_ADDRESS; i++) {
                RawXmppClient c = new RawXmppClient(server.port(), "127.0.0.3");
                open.add(c);
                c.send(RawXmppClient.OPEN);
                c.await("</stream:features>", WAIT);
            }
            try (RawXmppClient refused = new RawXmppClient(server.port(), "127.0.0.3")) {
                String error = refused.await("</stream:error>", WAIT);
                assertTrue(error.contains("<policy-violation"), error);
                assertTrue(error.contains("not logged in"), error);
                assertTrue(refused.closedByServer(WAIT), refused.transcript());
            }
        } finally {
            for (RawXmppClient c : open) {
                c.close();
            }
        }
    }

    @Test
    @Order(3)
    void loggingInFreesTheUnauthenticatedSlot() throws Exception {
        List<RawXmppClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < UNAUTHENTICATED_PER_ADDRESS; i++) {
                RawXmppClient c = new RawXmppClient(server.port(), "127.0.0.4");
                open.add(c);
            }
            open.get(0).logIn(server.sslContext(), "dora", PASSWORD, "desk");
            open.get(0).keepAliveInBackground(HEARTBEAT, true);
            try (RawXmppClient next = new RawXmppClient(server.port(), "127.0.0.4")) {
                next.send(RawXmppClient.OPEN);
                String features = next.await("</stream:features>", WAIT);
                assertTrue(!features.contains("policy-violation"), features);
            }
        } finally {
            for (RawXmppClient c : open) {
                c.close();
            }
        }
    }

    @Test
    @Order(4)
    void connectionsThatDoNotLogInAreLimitedInTotal() throws Exception {
        List<RawXmppClient> open = new ArrayList<>();
        try {
            // one connection per address, so that only the total can refuse
            for (int i = 0; i < UNAUTHENTICATED_TOTAL; i++) {
                String address = "127.0.0." + (40 + i);
                // an earlier test's connection may be counted for a few milliseconds after it closed
                InProcessServer.eventually(WAIT, () -> {
                    RawXmppClient c = new RawXmppClient(server.port(), address);
                    try {
                        c.send(RawXmppClient.OPEN);
                        if (c.awaitAny("</stream:features>", "</stream:error>").contains("</stream:features>")) {
                            open.add(c);
                            return true;
                        }
                    } catch (IOException | AssertionError refused) {
                        // refused (and perhaps reset): try again
                    }
                    c.close();
                    return false;
                });
            }
            try (RawXmppClient refused = new RawXmppClient(server.port(), "127.0.0.50")) {
                String error = refused.await("</stream:error>", WAIT);
                assertTrue(error.contains("<policy-violation"), error);
                assertTrue(error.contains("server has too many connections"), error);
            }
        } finally {
            for (RawXmppClient c : open) {
                c.close();
            }
            // the next test logs in at once: wait until the server has counted these closed
            InProcessServer.eventually(WAIT, () -> {
                try (RawXmppClient c = new RawXmppClient(server.port(), "127.0.0.51")) {
                    c.send(RawXmppClient.OPEN);
                    return c.awaitAny("</stream:features>", "</stream:error>").contains("</stream:features>");
                } catch (IOException | AssertionError refused) {
                    return false;
                }
            });
        }
    }

    // ------------------------------------------------------------------ rooms and registrations

    @Test
    @Order(5)
    void aUserCreatesOnlySoManyGroups() throws Exception {
        try (RawXmppClient roomy = new RawXmppClient(server.port())) {
            roomy.logIn(server.sslContext(), "roomy", PASSWORD, "desk");
            for (int i = 0; i < ROOMS_PER_USER; i++) {
                roomy.send("<iq type='set' id='c" + i + "' to='rooms.localhost'><create xmlns='urn:magpie:rooms:0' name='G"
                        + i + "'/></iq>");
                String reply = roomy.awaitIq("c" + i, WAIT);
                assertTrue(reply.contains("type=\"result\""), reply);
            }
            roomy.send("<iq type='set' id='over' to='rooms.localhost'><create xmlns='urn:magpie:rooms:0' name='One more'/></iq>");
            String refused = roomy.awaitIq("over", WAIT);
            assertTrue(refused.contains("type=\"error\"") && refused.contains("<not-allowed"), refused);
            assertTrue(refused.contains("at most " + ROOMS_PER_USER + " groups"), refused);
            assertTrue(refused.contains("xml:lang=\"zh\""), refused);
            // entering a group that does not exist would create it: refused the same way
            roomy.send("<presence to='424242@rooms.localhost/roomy' id='join'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
            String join = roomy.await("</presence>", WAIT);
            assertTrue(join.contains("type=\"error\"") && join.contains("<not-allowed"), join);
        }
    }

    @Test
    @Order(6)
    void registrationsFromOneAddressAreLimited() throws Exception {
        for (int i = 0; i < REGISTRATIONS_PER_ADDRESS; i++) {
            String reply = register("127.0.0.20", "many" + i, PASSWORD);
            assertTrue(reply.contains("type=\"result\""), reply);
        }
        String refused = register("127.0.0.20", "onetoomany", PASSWORD);
        assertTrue(refused.contains("type=\"error\"") && refused.contains("<resource-constraint"), refused);
        assertTrue(refused.contains("Too many accounts were registered from your address"), refused);
        assertTrue(register("127.0.0.21", "elsewhere", PASSWORD).contains("type=\"result\""));
    }

    // ------------------------------------------------------------------ silent and slow clients

    @Test
    @Order(7)
    void aHalfOpenClientGoesOfflineForItsContacts() throws Exception {
        XMPPTCPConnection bob = server.login("bob", PASSWORD, "desk");
        BlockingQueue<Presence> fromGhost = new LinkedBlockingQueue<>();
        bob.addAsyncStanzaListener(s -> fromGhost.add((Presence) s),
                s -> s instanceof Presence p && p.getFrom() != null && p.getFrom().toString().startsWith("ghost@"));
        try (RawXmppClient ghost = new RawXmppClient(server.port())) {
            ghost.logIn(server.sslContext(), "ghost", PASSWORD, "desk");
            ghost.send("<presence/>"); // subscription requests reach available resources
            bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribe)
                    .to(JidCreate.bareFrom("ghost@localhost")).build());
            ghost.await("subscribe", WAIT);
            ghost.send("<presence to='bob@localhost' type='subscribed'/><presence/>");
            awaitPresence(fromGhost, Presence.Type.available);
            // from now on the ghost neither reads nor writes: the network between us is gone
            long silentSince = System.nanoTime();
            awaitPresence(fromGhost, Presence.Type.unavailable);
            System.out.printf("half-open client offline for its contact after %d ms (idle %d s + answer %d s)%n",
                    (System.nanoTime() - silentSince) / 1_000_000, PING_IDLE_SECONDS, PING_TIMEOUT_SECONDS);
            ghost.closedByServer(WAIT);
            assertTrue(ghost.transcript().contains("urn:xmpp:ping"), "the server pinged it: " + ghost.transcript());
            assertTrue(ghost.transcript().contains("connection-timeout"), "and then closed the stream: " + ghost.transcript());
        } finally {
            bob.disconnect();
        }
    }

    /** Within four times the configured idle + answer time (generous: the machine may be busy). */
    private static void awaitPresence(BlockingQueue<Presence> queue, Presence.Type type) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(4L * (PING_IDLE_SECONDS + PING_TIMEOUT_SECONDS)).toNanos();
        while (true) {
            Presence p = queue.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            assertNotNull(p, "no " + type + " presence from the ghost in time");
            if (p.getType() == type) {
                return;
            }
        }
    }

    @Test
    @Order(8)
    void aClientThatDoesNotReadIsCutOffWithResourceConstraint() throws Exception {
        XMPPTCPConnection alice = server.login("alice", PASSWORD, "desk");
        try (RawXmppClient slowpoke = new RawXmppClient(server.port())) {
            slowpoke.logIn(server.sslContext(), "slowpoke", PASSWORD, "desk");
            slowpoke.send("<presence/>");
            slowpoke.keepAliveInBackground(HEARTBEAT, false); // alive, but never reads
            String body = "x".repeat(200 * 1024);
            var chat = ChatManager.getInstanceFor(alice).chatWith(JidCreate.entityBareFrom("slowpoke@localhost"));
            for (int i = 0; i < 100; i++) { // 20 MB: far more than the cap and the sockets' buffers
                chat.send("m" + i + "-" + body);
            }
            // alice's stanzas are handled in order: once her ping is answered, all went to the slowpoke
            assertTrue(PingManager.getInstanceFor(alice).pingMyServer(false, 120_000));
            // now the slowpoke reads: what was queued, then the stream error, then the end
            assertTrue(slowpoke.closedByServer(Duration.ofSeconds(60)), "the server closes the stream");
            String end = slowpoke.transcript().substring(Math.max(0, slowpoke.transcript().length() - 2000));
            assertTrue(end.contains("<resource-constraint"), end);
            assertTrue(end.contains("does not read"), end);
            assertFalse(slowpoke.transcript().contains(">m99-"), "the last message was not sent before the cut-off");
        } finally {
            alice.disconnect();
        }
        // what the server could not send (and the last ones it sent, never confirmed) waits offline;
        // before, messages refused at the cap were lost with the connection
        try (RawXmppClient again = new RawXmppClient(server.port())) {
            again.logIn(server.sslContext(), "slowpoke", PASSWORD, "again");
            again.send("<presence/>");
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!again.transcript().contains(">m99-")) {
                assertTrue(System.nanoTime() < deadline, "the last message did not come from offline storage");
                again.answerPings(); // alive and reading, as a real client: on a slow machine the hand-over
                again.send(" ");      // of 20 MB can take longer than the ping timeout
                try {
                    again.await(">m99-", Duration.ofSeconds(1));
                } catch (AssertionError notYet) {
                    // the hand-over goes on
                }
            }
        }
    }

    /**
     * A client writes 64 KiB messages as fast as the socket takes them and never reads, for 40 s or
     * 400 MB. The memory figure is the in-process server's JVM heap after a full GC (MemoryMXBean),
     * sampled every second: this JVM also runs the test's clients, so the figure is an upper bound
     * of what the server holds. Meanwhile two other users chat.
     */
    @Test
    @Order(9)
    void aFloodingClientDoesNotGrowMemoryAndOthersStillChat() throws Exception {
        XMPPTCPConnection alice = server.login("alice", PASSWORD, "flood");
        XMPPTCPConnection bob = server.login("bob", PASSWORD, "flood");
        RawXmppClient sink = new RawXmppClient(server.port());
        RawXmppClient flooder = new RawXmppClient(server.port());
        try {
            sink.logIn(server.sslContext(), "sink", PASSWORD, "desk");
            sink.send("<presence/>");
            sink.keepAliveInBackground(HEARTBEAT, true);
            flooder.logIn(server.sslContext(), "flooder", PASSWORD, "desk");
            ChatManager.getInstanceFor(bob).addIncomingListener((from, message, chat) -> {
                try {
                    chat.send("echo " + message.getBody());
                } catch (Exception e) {
                    // the round trip then times out and the test says so
                }
            });
            BlockingQueue<Message> aliceInbox = new ArrayBlockingQueue<>(100);
            alice.addAsyncStanzaListener(s -> aliceInbox.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);
            var toBob = ChatManager.getInstanceFor(alice).chatWith(JidCreate.entityBareFrom("bob@localhost"));
            toBob.send("warm up");
            assertNotNull(aliceInbox.poll(10, TimeUnit.SECONDS));

            long idle = heapAfterGc();
            long idleRss = rss();
            AtomicLong peak = new AtomicLong(idle);
            AtomicBoolean flooding = new AtomicBoolean(true);
            AtomicLong written = new AtomicLong();
            Thread sampler = new Thread(() -> {
                while (flooding.get()) {
                    peak.accumulateAndGet(heapAfterGc(), Math::max);
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            Thread flood = new Thread(() -> {
                byte[] stanza = ("<message to='sink@localhost' type='chat'><body>" + "y".repeat(64 * 1024)
                        + "</body></message>").getBytes(StandardCharsets.UTF_8);
                OutputStream out = flooder.output();
                long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
                try {
                    while (System.nanoTime() < deadline && written.get() < 400L * 1024 * 1024) {
                        out.write(stanza);
                        written.addAndGet(stanza.length);
                    }
                } catch (IOException e) {
                    // closed by the server or by the test
                }
            }, "flooder");
            sampler.setDaemon(true);
            flood.setDaemon(true);
            sampler.start();
            flood.start();

            List<Long> latencies = new ArrayList<>();
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (int i = 0; System.nanoTime() < end; i++) {
                long t0 = System.nanoTime();
                toBob.send("round " + i);
                Message echo;
                do {
                    echo = aliceInbox.poll(30, TimeUnit.SECONDS);
                    assertNotNull(echo, "round trip " + i + " answered while the flood goes on");
                } while (!("echo round " + i).equals(echo.getBody()));
                latencies.add((System.nanoTime() - t0) / 1_000_000);
                Thread.sleep(200);
            }
            // a stuck write only ends when the socket closes: give the flood its time, then stop it
            flood.join(Duration.ofSeconds(60).toMillis());
            flooding.set(false);
            sampler.join();
            long after = heapAfterGc();
            Collections.sort(latencies);
            System.out.printf("flood: %d MB written by a client that never reads%n", written.get() >> 20);
            System.out.printf("heap after GC: idle %d MB, peak during flood %d MB, after %d MB; RSS idle %d MB, now %d MB%n",
                    idle >> 20, peak.get() >> 20, after >> 20, idleRss >> 20, rss() >> 20);
            System.out.printf("round trips alice->bob->alice during the flood: %d, median %d ms, max %d ms%n",
                    latencies.size(), latencies.get(latencies.size() / 2), latencies.get(latencies.size() - 1));
            assertTrue(latencies.size() >= 5, "round trips went on: " + latencies);
            assertTrue(peak.get() - idle < 300L * 1024 * 1024,
                    "heap grew by " + ((peak.get() - idle) >> 20) + " MB under the flood");
        } finally {
            flooder.close();
            sink.close();
            alice.disconnect();
            bob.disconnect();
        }
    }

    // ------------------------------------------------------------------ helpers

    /** XEP-0077 registration over a raw TLS connection from the given loopback address; the reply IQ. */
    private static String register(String address, String user, String password) throws Exception {
        try (RawXmppClient c = new RawXmppClient(server.port(), address)) {
            c.startTls(server.sslContext());
            c.await("</stream:features>", WAIT);
            c.send("<iq type='set' id='reg'><query xmlns='jabber:iq:register'><username>" + user + "</username><password>"
                    + password + "</password><nick>" + user + "</nick></query></iq>");
            return c.awaitIq("reg", WAIT);
        }
    }

    private static long heapAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** This process's resident set (printed only: a JVM keeps heap it once used). */
    private static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return 0;
    }
}
