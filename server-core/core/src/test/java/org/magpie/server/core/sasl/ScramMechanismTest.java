package org.magpie.server.core.sasl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

class ScramMechanismTest {

    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");

    /** One account, "user" with password "pencil", as in the RFC examples. */
    private final CredentialStore store = new CredentialStore() {
        @Override
        public Optional<Credentials> credentials(String username) {
            if (!username.equals("user")) {
                return Optional.empty();
            }
            return Optional.of(new Credentials("user", SALT, 4096, Map.of(
                    ScramAlgorithm.SHA_1, ScramAlgorithm.SHA_1.deriveKeys("pencil", SALT, 4096),
                    ScramAlgorithm.SHA_256, ScramAlgorithm.SHA_256.deriveKeys("pencil", SALT, 4096))));
        }

        @Override
        public Optional<String> normalizeLogin(String username) {
            return Optional.of(username.toLowerCase());
        }
    };

    @Test
    void rfc7677VectorVerifiesWithTheStoredKeys() {
        // RFC 7677 section 3: the client proof for the example exchange, checked the server's way
        ScramAlgorithm a = ScramAlgorithm.SHA_256;
        ScramKeys keys = a.deriveKeys("pencil", SALT, 4096);
        String authMessage = "n=user,r=rOprNGfwEbeRWgbNEkqO,"
                + "r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096,"
                + "c=biws,r=rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
        byte[] proof = Base64.getDecoder().decode("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=");
        byte[] signature = a.hmac(keys.storedKey(), authMessage);
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ signature[i]);
        }
        assertArrayEquals(keys.storedKey(), a.hash(clientKey));
        assertEquals("6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
                Base64.getEncoder().encodeToString(a.hmac(keys.serverKey(), authMessage)));
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void rightPasswordSucceedsAndServerSignatureChecksOut(ScramAlgorithm a) {
        SaslOutcome outcome = exchange(a, "user", "pencil");
        SaslOutcome.Success success = assertInstanceOf(SaslOutcome.Success.class, outcome);
        assertEquals("user", success.username());
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void wrongPasswordAndUnknownUserFailAlike(ScramAlgorithm a) {
        SaslOutcome.Failure wrong = assertInstanceOf(SaslOutcome.Failure.class, exchange(a, "user", "pen"));
        SaslOutcome.Failure unknown = assertInstanceOf(SaslOutcome.Failure.class, exchange(a, "nobody", "pencil"));
        assertEquals("not-authorized", wrong.condition());
        assertEquals(wrong.condition(), unknown.condition());
        assertEquals(wrong.text(), unknown.text());
        assertEquals("nobody", unknown.username());
    }

    @Test
    void channelBindingRequestIsRefused() {
        ScramMechanism m = new ScramMechanism(ScramAlgorithm.SHA_256, store, new SecureRandom(), new byte[32], LoginGate.OPEN);
        SaslOutcome.Failure f = assertInstanceOf(SaslOutcome.Failure.class,
                m.start("p=tls-unique,,n=user,r=abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals("invalid-mechanism", f.condition());
    }

    @Test
    void garbageIsAMalformedRequest() {
        ScramMechanism m = new ScramMechanism(ScramAlgorithm.SHA_1, store, new SecureRandom(), new byte[32], LoginGate.OPEN);
        SaslOutcome.Failure f = assertInstanceOf(SaslOutcome.Failure.class, m.start("hello".getBytes(StandardCharsets.UTF_8)));
        assertEquals("malformed-request", f.condition());
    }

    @Test
    void plainChecksAgainstTheScramKeys() {
        PlainMechanism plain = new PlainMechanism(store, LoginGate.OPEN, new byte[32]);
        assertInstanceOf(SaslOutcome.Success.class, plain.start("\0user\0pencil".getBytes(StandardCharsets.UTF_8)));
        assertInstanceOf(SaslOutcome.Failure.class, new PlainMechanism(store, LoginGate.OPEN, new byte[32]).start("\0user\0pen".getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * SASLprep (RFC 4013): a no-break space is a space, a soft hyphen is nothing, and a control character
     * makes no password (the hand-written mapping before let every control character through).
     */
    @Test
    void plainPreparesThePasswordAndRefusesWhatSaslprepProhibits() {
        assertInstanceOf(SaslOutcome.Success.class, plainLogin("pen\u00ADcil"), "mapped to nothing");
        // a NUL cannot be in a PLAIN password at all (it separates the fields): refused as malformed
        assertEquals("malformed-request", assertInstanceOf(SaslOutcome.Failure.class, plainLogin("pencil\0")).condition());
        for (String forbidden : new String[] {"pen\u0007cil", "pencil\u0085", "pencil\uE000"}) {
            SaslOutcome.Failure f = assertInstanceOf(SaslOutcome.Failure.class, plainLogin(forbidden));
            assertEquals("not-authorized", f.condition());
        }
        assertEquals("a b", ScramAlgorithm.prepare("a\u00A0b"));
        assertTrue(ScramAlgorithm.storable("pencil"));
        assertFalse(ScramAlgorithm.storable("pencil\u0085"), "a C1 control character");
        assertFalse(ScramAlgorithm.storable("pencil\uDB80\uDC00"), "private use, plane 15");
        assertFalse(ScramAlgorithm.storable("\u05D0a\u05D1"), "mixed writing directions");
    }

    private SaslOutcome plainLogin(String password) {
        return new PlainMechanism(store, LoginGate.OPEN, new byte[32])
                .start(("\0user\0" + password).getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @EnumSource(ScramAlgorithm.class)
    void anUnknownUserLooksLikeAnAccountInTheServersFirstMessage(ScramAlgorithm a) {
        Map<String, String> known = serverFirst(a, "user");
        Map<String, String> unknown = serverFirst(a, "nobody");
        assertEquals(Base64.getDecoder().decode(known.get("s")).length, Base64.getDecoder().decode(unknown.get("s")).length,
                "salt length");
        assertEquals(known.get("s").length(), unknown.get("s").length());
        assertEquals(serverFirst(a, "nobody").get("s"), unknown.get("s"), "stable for a name");
    }

    @Test
    void aClosedGateAnswersTheSameWhateverThePasswordAndBeforeLookingAtIt() {
        LoginGate closed = username -> java.time.Duration.ofSeconds(30);
        for (String password : new String[] {"pencil", "wrong"}) {
            SaslOutcome.Failure f = assertInstanceOf(SaslOutcome.Failure.class, exchange(ScramAlgorithm.SHA_256, "user", password, closed));
            assertEquals("temporary-auth-failure", f.condition());
            assertEquals("Too many failed logins; try again in 30 seconds.", f.text());
            SaslOutcome.Failure p = assertInstanceOf(SaslOutcome.Failure.class, new PlainMechanism(store, closed, new byte[32])
                    .start(("\0user\0" + password).getBytes(StandardCharsets.UTF_8)));
            assertEquals(f.text(), p.text());
        }
    }

    @Test
    void failuresAreCountedUnderTheNormalisedName() {
        SaslOutcome.Failure f = assertInstanceOf(SaslOutcome.Failure.class, exchange(ScramAlgorithm.SHA_256, "USER", "wrong"));
        assertEquals("user", f.username());
        SaslOutcome.Failure p = assertInstanceOf(SaslOutcome.Failure.class, new PlainMechanism(store, LoginGate.OPEN, new byte[32])
                .start("\0USER\0wrong".getBytes(StandardCharsets.UTF_8)));
        assertEquals("user", p.username());
    }

    private Map<String, String> serverFirst(ScramAlgorithm a, String user) {
        ScramMechanism server = new ScramMechanism(a, store, new SecureRandom(), new byte[32], LoginGate.OPEN);
        SaslOutcome first = server.start(("n,,n=" + user + ",r=abc").getBytes(StandardCharsets.UTF_8));
        String text = new String(assertInstanceOf(SaslOutcome.Challenge.class, first).data(), StandardCharsets.UTF_8);
        Map<String, String> attrs = new java.util.HashMap<>();
        for (String part : text.split(",")) {
            attrs.put(part.substring(0, 1), part.substring(2));
        }
        return attrs;
    }

    private SaslOutcome exchange(ScramAlgorithm a, String user, String password) {
        return exchange(a, user, password, LoginGate.OPEN);
    }

    /** A minimal SCRAM client (RFC 5802 section 3) driving the server mechanism. */
    private SaslOutcome exchange(ScramAlgorithm a, String user, String password, LoginGate gate) {
        ScramMechanism server = new ScramMechanism(a, store, new SecureRandom(), new byte[32], gate);
        String clientNonce = "fyko+d2lbbFgONRv9qkxdawL";
        String clientFirstBare = "n=" + user + ",r=" + clientNonce;
        SaslOutcome first = server.start(("n,," + clientFirstBare).getBytes(StandardCharsets.UTF_8));
        String serverFirst = new String(assertInstanceOf(SaslOutcome.Challenge.class, first).data(), StandardCharsets.UTF_8);
        Map<String, String> attrs = new java.util.HashMap<>();
        for (String part : serverFirst.split(",")) {
            attrs.put(part.substring(0, 1), part.substring(2));
        }
        byte[] salt = Base64.getDecoder().decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        String withoutProof = "c=biws,r=" + attrs.get("r");
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] salted = a.saltedPassword(password, salt, iterations);
        byte[] clientKey = a.hmac(salted, "Client Key");
        byte[] signature = a.hmac(a.hash(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        SaslOutcome last = server.respond((withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof))
                .getBytes(StandardCharsets.UTF_8));
        if (last instanceof SaslOutcome.Success s) {
            String expected = "v=" + Base64.getEncoder().encodeToString(a.hmac(a.hmac(salted, "Server Key"), authMessage));
            assertEquals(expected, new String(s.additionalData(), StandardCharsets.UTF_8));
        }
        return last;
    }
}
