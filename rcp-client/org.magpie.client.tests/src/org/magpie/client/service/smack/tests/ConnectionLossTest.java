package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;

import java.net.InetAddress;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
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
import org.magpie.client.service.smack.internal.TofuTrustManager.CertificateChangedException;

/**
 * The server goes away and comes back, gets a new certificate, or removes the account. The server
 * allows two sessions per account here, so that a second connection can remove the account.
 */
class ConnectionLossTest {

    @TempDir
    static Path tmp;

    private static MagpieServer server;
    private FileTrustStore trust;
    private SmackMessagingService service;
    private Recorder events;

    @BeforeAll
    static void startServer() throws Exception {
        server = MagpieServer.start(tmp, "server.sessions.per.account=2");
        try (SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("registrar")))) {
            done(registrar.register(server.address(), "alice", "alicepass1", "Alice"));
            done(registrar.register(server.address(), "bob", "bobpass22", "Bob"));
        }
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void newService() {
        trust = new FileTrustStore(tmp.resolve("known-servers-" + System.nanoTime() + ".properties"));
        service = new SmackMessagingService(trust);
        events = new Recorder();
        service.addListener(events);
    }

    @AfterEach
    void closeService() {
        service.close();
    }

    @Test
    void afterTheServerRestartsTheServiceReconnectsByItself() throws Exception {
        done(service.login(server.address(), "alice", "alicepass1"));
        events.awaitState(ConnectionState.ONLINE, WAIT);

        server.stop();
        events.awaitState(ConnectionState.RECONNECTING, WAIT);
        assertEquals(ConnectionState.RECONNECTING, service.state());
        assertEquals(FailureKind.UNREACHABLE, failure(service.send("bob@localhost", "lost?")).kind());
        Thread.sleep(3000); // a few attempts fail while the server is down
        server.start();

        events.awaitState(ConnectionState.ONLINE, Duration.ofSeconds(90));
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE, ConnectionState.RECONNECTING,
                ConnectionState.ONLINE), events.states);
        assertEquals("alice@localhost", service.account());
        assertEquals("Alice", service.nickname());

        // and it works: bob hears alice
        try (SmackMessagingService bob = new SmackMessagingService(trust)) {
            Recorder atBob = new Recorder();
            bob.addListener(atBob);
            done(bob.login(server.address(), "bob", "bobpass22"));
            done(service.send("bob@localhost", "back again"));
            assertEquals("back again", atBob.awaitMessage(WAIT).text());
        }
        events.assertNoMoreEnds();
    }

    @Test
    void removingTheAccountEndsItsSession() throws Exception {
        try (SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("registrar")))) {
            done(registrar.register(server.address(), "ivan", "ivanpass11", "Ivan"));
        }
        done(service.login(server.address(), "ivan", "ivanpass11"));
        events.awaitState(ConnectionState.ONLINE, WAIT);

        deleteAccount(server.address(), "ivan", "ivanpass11");

        assertEquals(SessionEnd.ACCOUNT_REMOVED, events.awaitEnd(WAIT));
        events.awaitState(ConnectionState.OFFLINE, WAIT);
        Thread.sleep(3000);
        assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE, ConnectionState.OFFLINE), events.states,
                "no reconnection");
    }

    @Test
    void aChangedCertificateIsRefusedUntilForgotten() throws Exception {
        done(service.login(server.address(), "alice", "alicepass1"));
        String pinned = trust.pinned("127.0.0.1", server.port()).orElseThrow();
        service.logout();
        events.awaitState(ConnectionState.OFFLINE, WAIT);

        // the same host and port, a new self-signed certificate
        server.stop();
        server.forgetCertificate();
        server.start();

        ServiceException e = failure(service.login(server.address(), "alice", "alicepass1"));
        assertEquals(FailureKind.TLS_FAILED, e.kind(), e.toString());
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof CertificateChangedException)) {
            cause = cause.getCause();
        }
        CertificateChangedException changed = assertInstanceOf(CertificateChangedException.class, cause, e.toString());
        assertEquals(pinned, changed.pinnedFingerprint());
        assertTrue(!pinned.equals(changed.presentedFingerprint()));
        assertEquals(pinned, trust.pinned("127.0.0.1", server.port()).orElseThrow(), "the old pin stays");
        assertEquals(FailureKind.TLS_FAILED, failure(service.register(server.address(), "x", "xpass1234", "X")).kind());

        // the user agreed that the certificate really changed
        trust.forget("127.0.0.1", server.port());
        done(service.login(server.address(), "alice", "alicepass1"));
        assertEquals(changed.presentedFingerprint(), trust.pinned("127.0.0.1", server.port()).orElseThrow());
    }

    /** Removes an account over a second session with plain Smack (the service has no such operation). */
    private static void deleteAccount(ServerAddress a, String user, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(a.domain())
                .setHostAddress(InetAddress.getByName(a.host()))
                .setPort(a.port())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(TRUST_ANY)
                .setHostnameVerifier((host, session) -> true)
                .build());
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false);
        try {
            c.connect();
            c.login(user, password);
            AccountManager.getInstance(c).deleteAccount();
        } finally {
            c.disconnect();
        }
    }

    /** Test only: the server is ours, on loopback. */
    private static final X509TrustManager TRUST_ANY = new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    };
}
