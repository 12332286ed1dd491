package org.magpie.bench;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client side of SASL PLAIN and SCRAM-SHA-1 / SCRAM-SHA-256 (RFC 5802, RFC 7677).
 * The salted password is cached per (mechanism, salt, iterations, password), as RFC 5802 allows a
 * client to do: otherwise PBKDF2 on the generator's core, not the server, would limit the login rate.
 */
final class Sasl {

    static final String NS = "urn:ietf:params:xml:ns:xmpp-sasl";

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getEncoder();
    private static final Base64.Decoder UNB64 = Base64.getDecoder();

    private final Map<String, byte[]> saltedCache = new ConcurrentHashMap<>();

    /** Iteration count the server asked for last, per mechanism (reported with the login figures). */
    final Map<String, Integer> iterationsSeen = new ConcurrentHashMap<>();

    /** Runs the mechanism on the connection; throws with the server's answer when it fails. */
    void authenticate(XmppConnection c, String mechanism, String user, String password) throws Exception {
        if (mechanism.equals("PLAIN")) {
            String msg = "\0" + user + "\0" + password;
            c.send("<auth xmlns='" + NS + "' mechanism='PLAIN'>" + b64(msg) + "</auth>");
            String answer = c.next();
            if (!answer.startsWith("<success")) {
                throw new IllegalStateException("PLAIN refused: " + answer);
            }
            return;
        }
        boolean sha256 = switch (mechanism) {
            case "SCRAM-SHA-256" -> true;
            case "SCRAM-SHA-1" -> false;
            default -> throw new IllegalArgumentException("unsupported mechanism " + mechanism);
        };
        byte[] nonceBytes = new byte[18];
        RANDOM.nextBytes(nonceBytes);
        String clientNonce = B64.encodeToString(nonceBytes);
        String clientFirstBare = "n=" + saslName(user) + ",r=" + clientNonce;
        c.send("<auth xmlns='" + NS + "' mechanism='" + mechanism + "'>" + b64("n,," + clientFirstBare) + "</auth>");
        String challenge = c.next();
        if (!challenge.startsWith("<challenge")) {
            throw new IllegalStateException(mechanism + " refused: " + challenge);
        }
        String serverFirst = new String(UNB64.decode(Xml.text(challenge)), StandardCharsets.UTF_8);
        Map<String, String> attrs = attributes(serverFirst);
        String nonce = attrs.get("r");
        if (nonce == null || !nonce.startsWith(clientNonce)) {
            throw new IllegalStateException("server nonce does not extend ours: " + serverFirst);
        }
        byte[] salt = UNB64.decode(attrs.get("s"));
        int iterations = Integer.parseInt(attrs.get("i"));
        iterationsSeen.put(mechanism, iterations);
        byte[] salted = saltedCache.computeIfAbsent(mechanism + ':' + attrs.get("s") + ':' + iterations + ':' + password,
                k -> pbkdf2(sha256, password, salt, iterations));
        String withoutProof = "c=biws,r=" + nonce;
        String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
        byte[] clientKey = hmac(sha256, salted, "Client Key");
        byte[] storedKey = digest(sha256, clientKey);
        byte[] signature = hmac(sha256, storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ signature[i]);
        }
        c.send("<response xmlns='" + NS + "'>" + b64(withoutProof + ",p=" + B64.encodeToString(proof)) + "</response>");
        String outcome = c.next();
        if (outcome.startsWith("<challenge")) { // RFC 6120 allows v= in a challenge, answered empty
            String additional = Xml.text(outcome);
            c.send("<response xmlns='" + NS + "'/>");
            outcome = c.next();
            if (outcome.startsWith("<success")) {
                outcome = "<success>" + additional + "</success>";
            }
        }
        if (!outcome.startsWith("<success")) {
            throw new IllegalStateException(mechanism + " failed: " + outcome);
        }
        String expected = "v=" + B64.encodeToString(hmac(sha256, hmac(sha256, salted, "Server Key"), authMessage));
        String got = new String(UNB64.decode(Xml.text(outcome)), StandardCharsets.UTF_8);
        if (!expected.equals(got)) {
            throw new IllegalStateException("server signature does not verify");
        }
    }

    private static String saslName(String user) {
        return user.replace("=", "=3D").replace(",", "=2C");
    }

    private static Map<String, String> attributes(String s) {
        Map<String, String> m = new HashMap<>();
        for (String part : s.split(",")) {
            if (part.length() >= 2 && part.charAt(1) == '=') {
                m.put(part.substring(0, 1), part.substring(2));
            }
        }
        return m;
    }

    private static byte[] pbkdf2(boolean sha256, String password, byte[] salt, int iterations) {
        try {
            PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, sha256 ? 256 : 160);
            return SecretKeyFactory.getInstance(sha256 ? "PBKDF2WithHmacSHA256" : "PBKDF2WithHmacSHA1")
                    .generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(boolean sha256, byte[] key, String text) throws GeneralSecurityException {
        String alg = sha256 ? "HmacSHA256" : "HmacSHA1";
        Mac mac = Mac.getInstance(alg);
        mac.init(new SecretKeySpec(key, alg));
        return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] digest(boolean sha256, byte[] data) throws GeneralSecurityException {
        return MessageDigest.getInstance(sha256 ? "SHA-256" : "SHA-1").digest(data);
    }

    private static String b64(String s) {
        return B64.encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
