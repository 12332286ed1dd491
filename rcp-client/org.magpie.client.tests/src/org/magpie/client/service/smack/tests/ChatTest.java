package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;

/** Two service instances chat through a real Magpie server; one account, one place. */
class ChatTest {

    @TempDir
    static Path tmp;

    private static MagpieServer server;
    private final List<SmackMessagingService> services = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = MagpieServer.start(tmp);
        SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust")));
        try {
            done(registrar.register(server.address(), "alice", "alicepass1", "Alice 爱丽丝"));
            done(registrar.register(server.address(), "bob", "bobpass22", "Bob"));
            done(registrar.register(server.address(), "carol", "carolpass3", "Carol"));
        } finally {
            registrar.close();
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeServices() {
        services.forEach(SmackMessagingService::close);
    }

    /** A new service instance (as on another computer), logged in, with a recorder. */
    private Recorder loggedIn(String user, String password) throws Exception {
        SmackMessagingService s = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-" + services.size())));
        services.add(s);
        Recorder r = new Recorder();
        s.addListener(r);
        done(s.login(server.address(), user, password));
        r.awaitState(ConnectionState.ONLINE, WAIT);
        return r;
    }

    private SmackMessagingService last() {
        return services.get(services.size() - 1);
    }

    @Test
    void chatBothWaysWithNicknames() throws Exception {
        Recorder atAlice = loggedIn("alice", "alicepass1");
        SmackMessagingService alice = last();
        Recorder atBob = loggedIn("bob", "bobpass22");
        SmackMessagingService bob = last();

        Instant before = Instant.now();
        ChatMessage sent = done(alice.send("bob@localhost", "你好 Bob <&>\nsecond line"));
        assertEquals(new ChatMessage("bob@localhost", "alice@localhost", "Alice 爱丽丝", "你好 Bob <&>\nsecond line",
                sent.time(), true), sent);

        ChatMessage got = atBob.awaitMessage(WAIT);
        assertEquals("alice@localhost", got.conversation());
        assertEquals("alice@localhost", got.sender());
        assertEquals("Alice 爱丽丝", got.senderNickname(), "XEP-0172 nick carried with the message");
        assertEquals("你好 Bob <&>\nsecond line", got.text());
        assertFalse(got.own());
        assertFalse(got.time().isBefore(before.minusSeconds(1)), got.time() + " vs " + before);

        done(bob.send("alice@localhost", "hi Alice"));
        ChatMessage reply = atAlice.awaitMessage(WAIT);
        assertEquals("bob@localhost", reply.conversation());
        assertEquals("Bob", reply.senderNickname());
        assertEquals("hi Alice", reply.text());
    }

    @Test
    void aMessageToSomeoneOfflineIsKeptAndOneToNobodyComesBackAsFailed() throws Exception {
        Recorder atAlice = loggedIn("alice", "alicepass1");
        SmackMessagingService alice = last();

        // the server keeps it for carol (XEP-0160) and hands it over at her next login
        done(alice.send("carol@localhost", "are you there?"));
        Recorder atCarol = loggedIn("carol", "carolpass3");
        ChatMessage kept = atCarol.awaitMessage(WAIT);
        assertEquals("alice@localhost", kept.sender());
        assertEquals("are you there?", kept.text());
        assertFalse(kept.own());

        ChatMessage sent = done(alice.send("nobody@localhost", "hello?"));
        Recorder.Failure failed = atAlice.awaitFailure(WAIT);
        assertEquals(sent, failed.message(), "the failure names the message that was sent");
        assertTrue(failed.reason().serverText().contains("no account"), failed.reason().serverText());
    }

    @Test
    void sendingNeedsASessionAndAnAddress() throws Exception {
        SmackMessagingService offline = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-offline")));
        services.add(offline);
        assertEquals(FailureKind.UNREACHABLE, failure(offline.send("bob@localhost", "hi")).kind());

        loggedIn("alice", "alicepass1");
        assertEquals(FailureKind.INVALID_INPUT, failure(last().send("not an address@@", "hi")).kind());
        assertEquals(FailureKind.INVALID_INPUT, failure(last().send("bob@localhost", "")).kind());
    }

    @Test
    void aSecondLoginOfTheSameAccountEndsTheFirstWithoutReconnecting() throws Exception {
        Recorder first = loggedIn("alice", "alicepass1");
        SmackMessagingService firstService = last();
        Recorder second = loggedIn("alice", "alicepass1");
        SmackMessagingService secondService = last();

        assertEquals(SessionEnd.LOGGED_IN_ELSEWHERE, first.awaitEnd(WAIT));
        first.awaitState(ConnectionState.OFFLINE, WAIT);
        assertEquals(ConnectionState.OFFLINE, firstService.state());

        Thread.sleep(Duration.ofSeconds(4).toMillis()); // longer than the first reconnection pause
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE, ConnectionState.OFFLINE), first.states,
                "no reconnection after being logged in elsewhere");
        assertEquals(ConnectionState.OFFLINE, firstService.state());
        assertEquals(ConnectionState.ONLINE, secondService.state());
        second.assertNoMoreEnds();

        // the second session works
        Recorder atBob = loggedIn("bob", "bobpass22");
        done(secondService.send("bob@localhost", "still me"));
        assertEquals("still me", atBob.awaitMessage(WAIT).text());
    }
}
