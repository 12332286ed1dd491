package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;

/** Registration and login against a real Magpie server. */
class RegisterAndLoginTest {

    @TempDir
    static Path tmp;

    private static MagpieServer server;
    private SmackMessagingService service;
    private Recorder events;

    @BeforeAll
    static void startServer() throws Exception {
        // a first delay after the free failed logins long enough for the whole test, however slow the machine
        server = MagpieServer.start(tmp, "server.login.delay.first.seconds=120");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newService() {
        service = new SmackMessagingService(new FileTrustStore(tmp.resolve("known-servers.properties")));
        events = new Recorder();
        service.addListener(events);
    }

    @AfterEach
    void closeService() {
        service.close();
    }

    @Test
    void registerThenLogInWithScramSha256AndTheRegisteredNickname() throws Exception {
        done(service.register(server.address(), "alice", "alicepass1", "Alice 爱丽丝"));
        assertEquals(ConnectionState.OFFLINE, service.state(), "registration leaves no session");

        String account = done(service.login(server.address(), "alice", "alicepass1"));

        assertEquals("alice@localhost", account);
        assertEquals("alice@localhost", service.account());
        assertEquals("SCRAM-SHA-256", service.usedSaslMechanism());
        assertEquals("Alice 爱丽丝", service.nickname(), "the nickname comes from the server (XEP-0077 get)");
        events.awaitState(ConnectionState.ONLINE, WAIT);
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE), events.states);
        assertTrue(events.threads.stream().allMatch(t -> t.contains("magpie-messaging")),
                "listeners are called on the service's event thread: " + events.threads);

        service.logout();
        assertEquals(SessionEnd.LOGGED_OUT, events.awaitEnd(WAIT));
        events.awaitState(ConnectionState.OFFLINE, WAIT);
        assertNull(service.account());
        assertEquals(ConnectionState.OFFLINE, service.state());
    }

    @Test
    void aTakenNameIsAccountTaken() throws Exception {
        done(service.register(server.address(), "bob", "bobpass22", "Bob"));
        ServiceException e = failure(service.register(server.address(), "BOB", "otherpass3", "Other Bob"));
        assertEquals(FailureKind.ACCOUNT_TAKEN, e.kind(), e.toString());
    }

    @Test
    void aWeakPasswordIsRefusedWithTheServersRuleInTheUsersLanguage() throws Exception {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            ServiceException en = failure(service.register(server.address(), "carol", "short", "Carol"));
            assertEquals(FailureKind.WEAK_PASSWORD, en.kind(), en.toString());
            assertTrue(en.serverText().startsWith("Password too weak") && en.serverText().contains("8"), en.serverText());

            Locale.setDefault(Locale.SIMPLIFIED_CHINESE);
            ServiceException zh = failure(service.register(server.address(), "carol", "longbutnodigits", "Carol"));
            assertEquals(FailureKind.WEAK_PASSWORD, zh.kind(), zh.toString());
            assertTrue(zh.serverText().startsWith("密码强度不足") && zh.serverText().contains("8"), zh.serverText());
        } finally {
            Locale.setDefault(before);
        }
        done(service.register(server.address(), "carol", "carolpass1", "Carol"));
    }

    @Test
    void badInputIsInvalidInput() throws Exception {
        assertEquals(FailureKind.INVALID_INPUT, failure(service.register(server.address(), "dave/x", "davepass11", "Dave")).kind());
        assertEquals(FailureKind.INVALID_INPUT, failure(service.register(server.address(), "dave", "davepass11", " ")).kind());
        ServiceException longNick = failure(service.register(server.address(), "dave", "davepass11", "D".repeat(65)));
        assertEquals(FailureKind.INVALID_INPUT, longNick.kind(), longNick.toString());
        assertTrue(longNick.serverText().contains("64"), longNick.serverText());
    }

    @Test
    void aWrongPasswordIsWrongCredentials() throws Exception {
        done(service.register(server.address(), "erin", "erinpass11", "Erin"));
        ServiceException e = failure(service.login(server.address(), "erin", "not-her-password1"));
        assertEquals(FailureKind.WRONG_CREDENTIALS, e.kind(), e.toString());
        events.awaitState(ConnectionState.OFFLINE, WAIT);
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.OFFLINE), events.states);
        assertNull(service.account());
        // the service can log in afterwards
        done(service.login(server.address(), "erin", "erinpass11"));
    }

    @Test
    void repeatedWrongPasswordsDelayTheNextTryWithTheServersText() throws Exception {
        done(service.register(server.address(), "frank", "frankpass1", "Frank"));
        for (int i = 0; i < 6; i++) { // five free failures, then a delay starts
            assertEquals(FailureKind.WRONG_CREDENTIALS, failure(service.login(server.address(), "frank", "guess" + i)).kind());
        }
        ServiceException e = failure(service.login(server.address(), "frank", "frankpass1"));
        assertEquals(FailureKind.LOCKED_OUT, e.kind(), e.toString());
        assertTrue(e.serverText() != null && !e.serverText().isBlank(), "the server says why: " + e);
    }

    @Test
    void nobodyListeningIsUnreachable() throws Exception {
        // a port bound by this test and not listening: connections are refused, and nobody else can
        // take it meanwhile (a port picked and released could be taken by a server of another test)
        try (Socket held = new Socket()) {
            held.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            ServerAddress closedPort = new ServerAddress("127.0.0.1", held.getLocalPort(), "localhost");
            ServiceException e = failure(service.login(closedPort, "alice", "alicepass1"));
            assertEquals(FailureKind.UNREACHABLE, e.kind(), e.toString());
            assertEquals(ConnectionState.OFFLINE, service.state());
        }

        ServiceException unknownHost = failure(service.register(new ServerAddress("no-such-host.invalid", 5222, "localhost"),
                "alice", "alicepass1", "Alice"));
        assertEquals(FailureKind.UNREACHABLE, unknownHost.kind(), unknownHost.toString());
    }

    @Test
    void oneSessionAtATime() throws Exception {
        done(service.register(server.address(), "gina", "ginapass11", "Gina"));
        done(service.login(server.address(), "gina", "ginapass11"));
        ServiceException e = failure(service.login(server.address(), "gina", "ginapass11"));
        assertEquals(FailureKind.OTHER, e.kind());
        assertEquals(ConnectionState.ONLINE, service.state(), "the first session goes on");
    }
}
