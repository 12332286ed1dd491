package org.magpie.server.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Fuzzes the server side of SASL with whatever a client may send. Every step must answer with a challenge,
 * a success or a failure with a SASL condition: never an exception, which would drop the connection without
 * a word. Nobody may log in without the password. The second target plays an honest SCRAM client whose
 * fields (name, nonce, password, header, extensions) are fuzzed, to reach the proof check. A plain test run
 * replays the inputs in {@code SaslFuzzTestInputs}; see docs/FUZZING.md for fuzzing.
 */
class SaslFuzzTest {

    private static final String USER = "user";
    private static final String PASSWORD = "pencil";
    private static final byte[] SALT = Base64.getDecoder().decode("W22ZaJ0SNY7soEsUEjb6gQ==");
    /** Few iterations: PLAIN derives the keys on every attempt, and fuzzing wants many attempts a second. */
    private static final int ITERATIONS = 16;
    private static final Set<String> CONDITIONS = Set.of("aborted", "account-disabled", "credentials-expired",
            "encryption-required", "incorrect-encoding", "invalid-authzid", "invalid-mechanism", "malformed-request",
            "mechanism-too-weak", "not-authorized", "temporary-auth-failure");

    /** One account, as in the RFC examples: a test double of the account store, enough for a unit fuzz target. */
    private static final CredentialStore STORE = new CredentialStore() {
        private final Credentials credentials = new Credentials(USER, SALT, ITERATIONS, Map.of(
                ScramAlgorithm.SHA_1, ScramAlgorithm.SHA_1.deriveKeys(PASSWORD, SALT, ITERATIONS),
                ScramAlgorithm.SHA_256, ScramAlgorithm.SHA_256.deriveKeys(PASSWORD, SALT, ITERATIONS)));

        @Override
        public Optional<Credentials> credentials(String username) {
            return USER.equals(username) ? Optional.of(credentials) : Optional.empty();
        }

        @Override
        public int iterations() { // also what unknown users seem to have
            return ITERATIONS;
        }

        @Override
        public Optional<String> normalizeLogin(String username) {
            String u = username.strip().toLowerCase(java.util.Locale.ROOT);
            return u.isEmpty() || u.contains("@") || u.contains("/") ? Optional.empty() : Optional.of(u);
        }
    };

    /** Any mechanism, any sequence of client messages. */
    @FuzzTest(maxDuration = "30m")
    void anyClientMessages(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 2);
        SaslMechanism mechanism = kind == 2 ? new PlainMechanism(STORE, LoginGate.OPEN, new byte[32])
                : scram(ScramAlgorithm.values()[kind]);
        int steps = data.consumeInt(1, 4);
        for (int step = 0; step < steps; step++) {
            byte[] message = step == steps - 1 ? data.consumeRemainingAsBytes() : data.consumeBytes(data.consumeInt(0, 300));
            SaslOutcome outcome = answer(mechanism, step == 0, message);
            if (outcome instanceof SaslOutcome.Success s) {
                // the only way in is the right password, which these raw messages cannot prove for SCRAM
                assertTrue(mechanism instanceof PlainMechanism, () -> "SCRAM accepted a made-up exchange as " + s.username());
                String[] parts = new String(message, StandardCharsets.UTF_8).split("\u0000", -1);
                assertEquals(PASSWORD, ScramAlgorithm.prepare(parts[2]), "PLAIN accepted another password");
                assertEquals(USER, s.username());
            }
            if (!(outcome instanceof SaslOutcome.Challenge)) {
                return;
            }
        }
    }

    /** An honest SCRAM client with fuzzed fields: it gets in exactly when name and password are right. */
    @FuzzTest(maxDuration = "30m")
    void scramClientWithFuzzedFields(FuzzedDataProvider data) {
        ScramAlgorithm algorithm = data.pickValue(ScramAlgorithm.values());
        String gs2 = data.pickValue(new String[] {"n,,", "y,,", "n,a=user,", "n,a=other,", data.consumeString(12)});
        String user = data.consumeBoolean() ? USER : data.consumeString(20);
        String clientNonce = data.consumeBoolean() ? "fyko+d2lbbFgONRv9qkxdawL" : data.consumeString(30);
        String extensions = data.consumeBoolean() ? "" : "," + data.consumeString(20);
        String password = data.consumeBoolean() ? PASSWORD : data.consumeString(20);
        String finalExtensions = data.consumeBoolean() ? "" : "," + data.consumeString(20);

        SaslMechanism server = scram(algorithm);
        String clientFirstBare = "n=" + user.replace("=", "=3D").replace(",", "=2C") + ",r=" + clientNonce + extensions;
        SaslOutcome first = answer(server, true, utf8(gs2 + clientFirstBare));
        if (!(first instanceof SaslOutcome.Challenge challenge)) {
            return;
        }
        String serverFirst = new String(challenge.data(), StandardCharsets.UTF_8);
        Map<String, String> attributes = new HashMap<>();
        for (String part : serverFirst.split(",")) {
            attributes.put(part.substring(0, 1), part.substring(2));
        }
        String withoutProof = "c=" + Base64.getEncoder().encodeToString(utf8(gs2)) + ",r=" + attributes.get("r")
                + finalExtensions;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] salted;
        try {
            salted = algorithm.saltedPassword(password, Base64.getDecoder().decode(attributes.get("s")),
                    Integer.parseInt(attributes.get("i")));
        } catch (IllegalArgumentException e) {
            return; // a client that prepares passwords (RFC 5802) cannot use one SASLprep prohibits
        }
        byte[] clientKey = algorithm.hmac(salted, "Client Key");
        byte[] signature = algorithm.hmac(algorithm.hash(clientKey), authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        SaslOutcome last = answer(server, false, utf8(withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof)));

        boolean rightAccount = STORE.normalizeLogin(user).filter(USER::equals).isPresent()
                && samePassword(password);
        if (last instanceof SaslOutcome.Success success) {
            assertTrue(rightAccount, () -> "logged in as " + success.username() + " with name '" + user
                    + "' and password '" + password + "'");
            String expected = "v=" + Base64.getEncoder().encodeToString(algorithm.hmac(algorithm.hmac(salted, "Server Key"),
                    authMessage));
            assertEquals(expected, new String(success.additionalData(), StandardCharsets.UTF_8), "server signature");
        } else if (rightAccount && wellFormed(gs2, clientNonce, extensions, finalExtensions)) {
            fail("the right name and password were refused: " + last);
        }
    }

    /**
     * Whether the password derives the same keys as the account's. A password SASLprep prohibits is none: PBKDF2
     * keys its HMAC with the password and HMAC pads a short key with zero bytes, so before SASLprep refused
     * control characters, "pencil\0" logged in as "pencil" (found by fuzzing, see docs/FUZZING.md).
     */
    private static boolean samePassword(String password) {
        try {
            return ScramAlgorithm.prepare(password).equals(PASSWORD);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the fuzzed fields leave the messages as RFC 5802 writes them (else a refusal is fine). */
    private static boolean wellFormed(String gs2, String clientNonce, String extensions, String finalExtensions) {
        return (gs2.equals("n,,") || gs2.equals("y,,") || gs2.equals("n,a=user,"))
                && !clientNonce.isEmpty() && clientNonce.chars().allMatch(c -> c > 0x20 && c < 0x7f && c != ',')
                && extensions.isEmpty() && finalExtensions.isEmpty();
    }

    /** One step of the exchange; whatever the client sent, the answer is a proper SASL outcome. */
    private static SaslOutcome answer(SaslMechanism mechanism, boolean first, byte[] message) {
        SaslOutcome outcome;
        try {
            outcome = first ? mechanism.start(message) : mechanism.respond(message);
        } catch (RuntimeException e) {
            throw new AssertionError("SASL threw on a client message instead of failing it: " + e, e);
        }
        assertNotNull(outcome);
        if (outcome instanceof SaslOutcome.Failure f) {
            assertTrue(CONDITIONS.contains(f.condition()), () -> "not a SASL condition: " + f.condition());
            assertNotNull(f.text());
        } else if (outcome instanceof SaslOutcome.Challenge c) {
            assertNotNull(c.data());
        } else {
            assertNotNull(assertInstanceOf(SaslOutcome.Success.class, outcome).username());
        }
        return outcome;
    }

    private static ScramMechanism scram(ScramAlgorithm algorithm) {
        try {
            // seeded before first use, so that server nonces, and with them findings, repeat
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(42);
            return new ScramMechanism(algorithm, STORE, random, new byte[32], LoginGate.OPEN);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
