package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password guessing against the packaged server: a stranger's wrong passwords must never lock the
 * real user out, the server must not tell which accounts exist, and new keys are costly to guess.
 * The guesser connects from 127.0.0.2, another machine as far as the server can tell.
 */
class LoginAttackIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // a first delay long enough that the whole test runs inside it, however slow the machine
        // two sessions per account: a password change must end the other one
        server = InProcessServer.start(tmp, Map.of("server.login.delay.first.seconds", "120",
                "server.sessions.per.account", "2", "admin.accounts", "boss",
                // the test's clients are all on loopback: here they count as other machines
                "auth.registration.administrators.from.loopback", "false"));
        server.register("victim", PASSWORD, "Victim");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aStrangersWrongPasswordsNeverLockTheRealUserOut() throws Exception {
        server.login("victim", PASSWORD, "desk").disconnect(); // her own machine, 127.0.0.1
        int delayed = 0;
        for (int i = 0; i < 12; i++) {
            String name = i % 2 == 0 ? "victim" : "VICTIM"; // counted under the normalised name
            try (RawXmppClient guesser = new RawXmppClient(server.port(), "127.0.0.2")) {
                guesser.startTls(server.sslContext());
                String outcome = guesser.scramSha256(name, "guess" + i);
                if (outcome.contains("temporary-auth-failure")) {
                    delayed++;
                } else {
                    assertTrue(outcome.contains("not-authorized"), outcome);
                }
            }
        }
        assertTrue(delayed > 0, "the guesser is slowed down");
        try (RawXmppClient guesser = new RawXmppClient(server.port(), "127.0.0.2")) {
            guesser.startTls(server.sslContext());
            String outcome = guesser.scramSha256("victim", PASSWORD);
            assertTrue(outcome.contains("temporary-auth-failure") && outcome.contains("try again in"),
                    "during a delay the right password gets the same answer as a wrong one: " + outcome);
        }
        XMPPTCPConnection victim = server.login("victim", PASSWORD, "desk");
        assertTrue(victim.isAuthenticated(), "the victim logs in at once from her own machine");
        victim.disconnect();
    }

    /**
     * Passwords are handled in their SASLprep form (RFC 4013): before, a password with a private-use
     * character could be registered, which clients that prepare passwords (as RFC 5802 asks) can never
     * log in with; such characters and control characters are no password at login either.
     */
    @Test
    void passwordsSaslprepProhibitsNeitherLogInNorRegister() throws Exception {
        server.register("prepared", PASSWORD, "Prepared"); // its own account and address: no other test's delays
        for (String password : new String[] {PASSWORD + "\u0007", PASSWORD + "\uE000"}) {
            try (RawXmppClient client = new RawXmppClient(server.port(), "127.0.0.3")) {
                client.startTls(server.sslContext());
                String outcome = client.plain("prepared", password);
                assertTrue(outcome.contains("not-authorized"), outcome);
            }
        }
        try (RawXmppClient client = new RawXmppClient(server.port(), "127.0.0.3")) {
            client.startTls(server.sslContext());
            assertTrue(client.plain("prepared", PASSWORD).contains("success"), "PLAIN itself works inside TLS");
        }
        XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                () -> server.register("privateuse", "secret\uE000123", "Private"));
        assertEquals(StanzaError.Condition.not_acceptable, refused.getStanzaError().getCondition());
        assertTrue(refused.getStanzaError().getDescriptiveText().contains("RFC 4013"),
                refused.getStanzaError().toString());
    }

    @Test
    void anUnknownNameLooksLikeAnAccountAlsoAfterARestart() throws Exception {
        Map<String, String> known = serverFirst("victim");
        Map<String, String> unknown = serverFirst("nobody-here");
        assertEquals(Base64.getDecoder().decode(known.get("s")).length, Base64.getDecoder().decode(unknown.get("s")).length,
                "the salt of an unknown user is as long as an account's: " + known + " / " + unknown);
        assertEquals(known.get("i"), unknown.get("i"), "and has the same iteration count");
        assertEquals("10000", known.get("i"), "new keys get 10,000 PBKDF2 iterations");
        server = server.restart();
        assertEquals(unknown.get("s"), serverFirst("nobody-here").get("s"), "the decoy salt stays across a restart");
    }

    /**
     * Whoever finds an unlocked laptop must not be able to take the account over: a password change
     * needs the current password, and it ends the account's other sessions (logged in with the old one).
     */
    @Test
    void changingThePasswordNeedsTheOldOneAndEndsTheOtherSessions() throws Exception {
        server.register("pat", PASSWORD, "Pat");
        XMPPTCPConnection laptop = server.login("pat", PASSWORD, "laptop");
        XMPPTCPConnection phone = server.login("pat", PASSWORD, "phone");
        CompletableFuture<Exception> phoneEnded = new CompletableFuture<>();
        phone.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                phoneEnded.complete(e);
            }
        });
        try {
            XMPPErrorException plain = assertThrows(XMPPErrorException.class,
                    () -> AccountManager.getInstance(laptop).changePassword("taken0ver9"));
            assertEquals(StanzaError.Condition.not_authorized, plain.getStanzaError().getCondition(),
                    "without the current password: " + plain.getStanzaError());
            XMPPErrorException wrong = assertThrows(XMPPErrorException.class,
                    () -> PasswordChange.submit(laptop, "guess1234", "taken0ver9"));
            assertEquals(StanzaError.Condition.not_authorized, wrong.getStanzaError().getCondition());

            PasswordChange.submit(laptop, PASSWORD, "patsnew2026");
            Exception ended = phoneEnded.get(10, TimeUnit.SECONDS);
            assertTrue(ended.getMessage().contains("not-authorized"), ended.toString());
            assertTrue(laptop.isConnected(), "the session that changed it stays");
        } finally {
            laptop.disconnect();
            phone.disconnect();
        }
        assertThrows(Exception.class, () -> server.login("pat", PASSWORD, "desk"));
        server.login("pat", "patsnew2026", "desk").disconnect();
    }

    /**
     * Nobody may register a listed administrator who has no account yet (and become administrator),
     * nor a service's address such as the weather bot's; the server warns about the missing administrator.
     */
    @Test
    void administratorsAndServiceNamesCannotBeRegistered() throws Exception {
        for (String name : new String[] {"boss", "Weather", "admin"}) {
            XMPPErrorException refused = assertThrows(XMPPErrorException.class, () -> server.register(name, PASSWORD, "Mallory"));
            assertEquals(StanzaError.Condition.not_allowed, refused.getStanzaError().getCondition(), name);
            assertTrue(refused.getStanzaError().getDescriptiveText("en").contains("reserved"), refused.toString());
            assertTrue(refused.getStanzaError().getDescriptiveText("zh").contains("保留"), refused.toString());
        }
        String log;
        try (var files = java.nio.file.Files.list(server.home().resolve("data/logs"))) {
            log = files.filter(f -> f.getFileName().toString().endsWith(".log")).map(f -> {
                try {
                    return java.nio.file.Files.readString(f);
                } catch (java.io.IOException e) {
                    return "";
                }
            }).collect(java.util.stream.Collectors.joining());
        }
        assertTrue(log.contains("administrator 'boss' of admin.accounts has no account"),
                "a warning at start names the missing administrator");
    }

    /** The server's first SCRAM-SHA-256 message for a name (salt s and iterations i). */
    private static Map<String, String> serverFirst(String user) throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port(), "127.0.0.3")) {
            raw.startTls(server.sslContext());
            raw.await("</stream:features>", Duration.ofSeconds(10));
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
                    + Base64.getEncoder().encodeToString(("n,,n=" + user + ",r=abcdefgh").getBytes(StandardCharsets.UTF_8))
                    + "</auth>");
            String challenge = raw.await("</challenge>", Duration.ofSeconds(10));
            String text = challenge.substring(challenge.lastIndexOf('>', challenge.length() - 13) + 1,
                    challenge.length() - "</challenge>".length());
            Map<String, String> attrs = new HashMap<>();
            for (String part : new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8).split(",")) {
                attrs.put(part.substring(0, 1), part.substring(2));
            }
            return attrs;
        }
    }
}
