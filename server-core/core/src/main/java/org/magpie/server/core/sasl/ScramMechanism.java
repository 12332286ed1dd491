package org.magpie.server.core.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/**
 * The server side of SCRAM (RFC 5802) without channel binding. For an unknown user the exchange
 * goes on with made-up but stable parameters and fails only at the proof, so that nobody learns
 * which accounts exist.
 */
public final class ScramMechanism implements SaslMechanism {

    private enum Step { FIRST, FINAL, DONE }

    private final ScramAlgorithm algorithm;
    private final CredentialStore store;
    private final SecureRandom random;
    private final byte[] decoySecret;
    private final LoginGate gate;

    private Step step = Step.FIRST;
    private String claimedUser;
    /** The normalised name failures are counted under (the claimed one, lower case, when it is no valid name). */
    private String counted;
    private Credentials credentials;
    private String gs2Header;
    private String clientFirstBare;
    private String serverFirst;
    private String nonce;
    private ScramKeys keys;

    /**
     * @param decoySecret a per-server secret that makes the decoy salt of unknown users stable
     */
    public ScramMechanism(ScramAlgorithm algorithm, CredentialStore store, SecureRandom random, byte[] decoySecret,
            LoginGate gate) {
        this.algorithm = algorithm;
        this.store = store;
        this.random = random;
        this.decoySecret = decoySecret;
        this.gate = gate;
    }

    @Override
    public SaslOutcome respond(byte[] response) {
        String message = new String(response, StandardCharsets.UTF_8);
        try {
            return switch (step) {
                case FIRST -> clientFirst(message);
                case FINAL -> clientFinal(message);
                case DONE -> fail("malformed-request", "The exchange is over.");
            };
        } catch (IllegalArgumentException e) {
            step = Step.DONE;
            return fail("malformed-request", e.getMessage());
        }
    }

    private SaslOutcome clientFirst(String message) {
        if (message.isEmpty()) {
            return new SaslOutcome.Challenge(new byte[0]);
        }
        // gs2-header = cbind-flag "," [authzid] ","
        int first = message.indexOf(',');
        int second = first < 0 ? -1 : message.indexOf(',', first + 1);
        if (first < 0 || second < 0) {
            throw new IllegalArgumentException("Bad SCRAM client-first-message.");
        }
        String cbind = message.substring(0, first);
        if (cbind.startsWith("p=")) {
            step = Step.DONE;
            return fail("invalid-mechanism", "Channel binding is not offered; use " + algorithm.mechanism() + ".");
        }
        if (!cbind.equals("n") && !cbind.equals("y")) {
            throw new IllegalArgumentException("Bad SCRAM channel binding flag.");
        }
        String authzid = message.substring(first + 1, second);
        gs2Header = message.substring(0, second + 1);
        clientFirstBare = message.substring(second + 1);
        Map<Character, String> attrs = attributes(clientFirstBare);
        String user = attrs.get('n');
        String clientNonce = attrs.get('r');
        if (user == null || clientNonce == null || clientNonce.isEmpty() || attrs.containsKey('m')) {
            throw new IllegalArgumentException("SCRAM client-first-message needs n= and r=.");
        }
        claimedUser = decodeName(user);
        Optional<String> username = store.normalizeLogin(claimedUser);
        counted = username.orElse(claimedUser.toLowerCase(java.util.Locale.ROOT));
        if (!authzid.isEmpty()) {
            String az = decodeName(authzid.startsWith("a=") ? authzid.substring(2) : authzid);
            if (!store.normalizeLogin(az.split("@", 2)[0]).equals(username)) {
                step = Step.DONE;
                return fail("invalid-authzid", "You may only log in as yourself.");
            }
        }
        credentials = username.flatMap(store::credentials).filter(c -> c.keys().containsKey(algorithm)).orElse(null);
        byte[] salt;
        int iterations;
        if (credentials != null) {
            salt = credentials.salt();
            iterations = credentials.iterations();
            keys = credentials.keys().get(algorithm);
        } else {
            salt = ScramAlgorithm.decoySalt(decoySecret, counted);
            iterations = store.iterations();
            keys = null;
        }
        byte[] serverNonce = new byte[18];
        random.nextBytes(serverNonce);
        nonce = clientNonce + Base64.getEncoder().encodeToString(serverNonce);
        serverFirst = "r=" + nonce + ",s=" + Base64.getEncoder().encodeToString(salt) + ",i=" + iterations;
        step = Step.FINAL;
        return new SaslOutcome.Challenge(serverFirst.getBytes(StandardCharsets.UTF_8));
    }

    private SaslOutcome clientFinal(String message) {
        step = Step.DONE;
        int proofAt = message.lastIndexOf(",p=");
        if (proofAt < 0) {
            throw new IllegalArgumentException("SCRAM client-final-message needs p=.");
        }
        String withoutProof = message.substring(0, proofAt);
        Map<Character, String> attrs = attributes(withoutProof);
        String channelBinding = attrs.get('c');
        if (channelBinding == null
                || !channelBinding.equals(Base64.getEncoder().encodeToString(gs2Header.getBytes(StandardCharsets.UTF_8)))) {
            return fail("malformed-request", "Channel binding data does not match.");
        }
        if (!nonce.equals(attrs.get('r'))) {
            return fail("malformed-request", "Nonce does not match.");
        }
        byte[] proof;
        try {
            proof = Base64.getDecoder().decode(message.substring(proofAt + 3));
        } catch (IllegalArgumentException e) {
            return fail("incorrect-encoding", "The proof is not base64.");
        }
        java.time.Duration wait = gate.retryAfter(counted);
        if (wait.isPositive()) {
            return LoginGate.closed(wait); // before the proof is looked at: the same answer whatever it is
        }
        if (keys == null) {
            return fail("not-authorized", "Wrong username or password.");
        }
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientSignature = algorithm.hmac(keys.storedKey(), authMessage);
        if (proof.length != clientSignature.length) {
            return fail("not-authorized", "Wrong username or password.");
        }
        byte[] clientKey = new byte[proof.length];
        for (int i = 0; i < proof.length; i++) {
            clientKey[i] = (byte) (proof[i] ^ clientSignature[i]);
        }
        if (!MessageDigest.isEqual(algorithm.hash(clientKey), keys.storedKey())) {
            return fail("not-authorized", "Wrong username or password.");
        }
        byte[] serverSignature = algorithm.hmac(keys.serverKey(), authMessage);
        String serverFinal = "v=" + Base64.getEncoder().encodeToString(serverSignature);
        return new SaslOutcome.Success(credentials.username(), serverFinal.getBytes(StandardCharsets.UTF_8));
    }

    private SaslOutcome fail(String condition, String text) {
        return new SaslOutcome.Failure(condition, text, counted);
    }

    private static Map<Character, String> attributes(String message) {
        Map<Character, String> attrs = new java.util.HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw new IllegalArgumentException("Bad SCRAM attribute: " + part);
            }
            attrs.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return attrs;
    }

    /** saslname: "=2C" stands for ',' and "=3D" for '='; any other '=' is an error. */
    private static String decodeName(String saslName) {
        StringBuilder sb = new StringBuilder(saslName.length());
        for (int i = 0; i < saslName.length(); i++) {
            char c = saslName.charAt(i);
            if (c == '=') {
                String code = i + 3 <= saslName.length() ? saslName.substring(i + 1, i + 3) : "";
                switch (code) {
                    case "2C" -> sb.append(',');
                    case "3D" -> sb.append('=');
                    default -> throw new IllegalArgumentException("Bad escape in SCRAM username.");
                }
                i += 2;
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
