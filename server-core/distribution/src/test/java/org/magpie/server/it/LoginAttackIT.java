package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
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
        server = InProcessServer.start(tmp, Map.of("server.login.delay.first.seconds", "120"));
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
