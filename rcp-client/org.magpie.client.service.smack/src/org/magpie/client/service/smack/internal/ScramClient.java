package org.magpie.client.service.smack.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.text.Normalizer;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The client side of SCRAM (RFC 5802) for one hash function, without channel binding, free of any
 * XMPP library: {@link ScramSha256Mechanism} plugs it into Smack, and tests check it against the
 * RFC 7677 example.
 *
 * <p>One instance serves one exchange: {@link #clientFirstMessage()}, then
 * {@link #clientFinalMessage(String)} with the server's challenge, then
 * {@link #verifyServerFinal(String)} with the server's final message. Not thread-safe (an exchange
 * is sequential).
 */
public final class ScramClient {

    /** SCRAM-SHA-256 (RFC 7677). */
    public static final Algorithm SHA_256 = new Algorithm("SHA-256", "HmacSHA256");

    /** A hash function H and its HMAC. */
    public record Algorithm(String digest, String hmac) {
    }

    /** The exchange broke a rule or the server could not prove it knows the password. */
    public static final class ScramException extends Exception {
        private static final long serialVersionUID = 1L;

        public ScramException(String message) {
            super(message);
        }
    }

    private static final String GS2_HEADER = "n,,"; // no channel binding, no authzid
    /** Guards against a server that would make us hash for minutes. */
    private static final int MAX_ITERATIONS = 10_000_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Algorithm algorithm;
    private final String username;
    private final String password;
    private final String clientNonce;

    private String clientFirstBare;
    private byte[] expectedServerSignature;
    private boolean verified;

    /**
     * @param clientNonce printable ASCII without ',' ({@link #newNonce()} makes one)
     */
    public ScramClient(Algorithm algorithm, String username, String password, String clientNonce) {
        this.algorithm = algorithm;
        this.username = username;
        this.password = password;
        this.clientNonce = clientNonce;
    }

    /** 24 random bytes in base64: printable, no ','. */
    public static String newNonce() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** client-first-message: gs2-header + "n=" saslname + ",r=" nonce. */
    public String clientFirstMessage() {
        clientFirstBare = "n=" + saslName(Normalizer.normalize(username, Normalizer.Form.NFKC)) + ",r=" + clientNonce;
        return GS2_HEADER + clientFirstBare;
    }

    /** Whether {@link #clientFinalMessage(String)} has been computed (the next server message is the final one). */
    public boolean finalMessageSent() {
        return expectedServerSignature != null;
    }

    /** client-final-message for the server-first-message, with the proof. */
    public String clientFinalMessage(String serverFirst) throws ScramException {
        if (clientFirstBare == null) {
            throw new ScramException("client-first-message not sent yet");
        }
        Map<Character, String> attrs = attributes(serverFirst);
        if (attrs.containsKey('m')) {
            throw new ScramException("Server requires an unsupported SCRAM extension");
        }
        String nonce = attrs.get('r');
        String salt = attrs.get('s');
        String iterationText = attrs.get('i');
        if (nonce == null || salt == null || iterationText == null) {
            throw new ScramException("server-first-message lacks r, s or i");
        }
        if (!nonce.startsWith(clientNonce) || nonce.length() == clientNonce.length()) {
            throw new ScramException("Server nonce does not extend the client nonce");
        }
        int iterations;
        try {
            iterations = Integer.parseInt(iterationText);
        } catch (NumberFormatException e) {
            throw new ScramException("Bad iteration count: " + iterationText);
        }
        if (iterations < 1 || iterations > MAX_ITERATIONS) {
            throw new ScramException("Iteration count out of range: " + iterations);
        }
        byte[] saltBytes;
        try {
            saltBytes = Base64.getDecoder().decode(salt);
        } catch (IllegalArgumentException e) {
            throw new ScramException("Salt is not base64");
        }

        String withoutProof = "c=" + Base64.getEncoder().encodeToString(utf8(GS2_HEADER)) + ",r=" + nonce;
        byte[] authMessage = utf8(clientFirstBare + "," + serverFirst + "," + withoutProof);

        byte[] salted = hi(utf8(preparePassword(password)), saltBytes, iterations);
        byte[] clientKey = hmac(salted, utf8("Client Key"));
        byte[] storedKey = hash(clientKey);
        byte[] clientSignature = hmac(storedKey, authMessage);
        byte[] proof = new byte[clientKey.length];
        for (int i = 0; i < proof.length; i++) {
            proof[i] = (byte) (clientKey[i] ^ clientSignature[i]);
        }
        byte[] serverKey = hmac(salted, utf8("Server Key"));
        expectedServerSignature = hmac(serverKey, authMessage);
        java.util.Arrays.fill(salted, (byte) 0);
        return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
    }

    /** Checks the server-final-message: the server proves it knows the password too. */
    public void verifyServerFinal(String serverFinal) throws ScramException {
        if (expectedServerSignature == null) {
            throw new ScramException("client-final-message not sent yet");
        }
        Map<Character, String> attrs = attributes(serverFinal);
        if (attrs.containsKey('e')) {
            throw new ScramException("Server reports: " + attrs.get('e'));
        }
        String v = attrs.get('v');
        byte[] signature;
        try {
            signature = v == null ? null : Base64.getDecoder().decode(v);
        } catch (IllegalArgumentException e) {
            signature = null;
        }
        if (signature == null || !MessageDigest.isEqual(signature, expectedServerSignature)) {
            throw new ScramException("The server's signature is wrong: it does not know this account's keys");
        }
        verified = true;
    }

    /** Whether the server proved itself ({@link #verifyServerFinal} succeeded). */
    public boolean verified() {
        return verified;
    }

    // ---------------------------------------------------------------- RFC 5802 functions

    /** Hi(str, salt, i): PBKDF2 with HMAC as PRF and one block of output. */
    private byte[] hi(byte[] key, byte[] salt, int iterations) throws ScramException {
        byte[] first = new byte[salt.length + 4];
        System.arraycopy(salt, 0, first, 0, salt.length);
        first[salt.length + 3] = 1; // INT(1)
        Mac mac = mac(key);
        byte[] u = mac.doFinal(first);
        byte[] result = u.clone();
        for (int n = 1; n < iterations; n++) {
            u = mac.doFinal(u);
            for (int j = 0; j < result.length; j++) {
                result[j] ^= u[j];
            }
        }
        return result;
    }

    private byte[] hmac(byte[] key, byte[] data) throws ScramException {
        return mac(key).doFinal(data);
    }

    private Mac mac(byte[] key) throws ScramException {
        try {
            Mac mac = Mac.getInstance(algorithm.hmac());
            mac.init(new SecretKeySpec(key, algorithm.hmac()));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new ScramException(algorithm.hmac() + " unavailable: " + e);
        }
    }

    private byte[] hash(byte[] data) throws ScramException {
        try {
            return MessageDigest.getInstance(algorithm.digest()).digest(data);
        } catch (GeneralSecurityException e) {
            throw new ScramException(algorithm.digest() + " unavailable: " + e);
        }
    }

    /**
     * SASLprep (RFC 4013) as far as typed passwords need it, the same mapping the Magpie server
     * applies: non-ASCII spaces become ' ', characters "commonly mapped to nothing" (RFC 3454 B.1)
     * are dropped, then NFKC.
     */
    static String preparePassword(String password) {
        StringBuilder sb = new StringBuilder(password.length());
        password.codePoints().forEach(cp -> {
            if (Character.isSpaceChar(cp) && cp != ' ') {
                sb.append(' ');
            } else if (!mappedToNothing(cp)) {
                sb.appendCodePoint(cp);
            }
        });
        return Normalizer.normalize(sb, Normalizer.Form.NFKC);
    }

    private static boolean mappedToNothing(int cp) {
        return cp == 0x00AD || cp == 0x034F || cp == 0x1806 || cp == 0x180B || cp == 0x180C || cp == 0x180D
                || cp == 0x200B || cp == 0x200C || cp == 0x200D || cp == 0x2060 || cp == 0xFEFF
                || (cp >= 0xFE00 && cp <= 0xFE0F);
    }

    /** saslname: ',' as "=2C" and '=' as "=3D". */
    private static String saslName(String name) {
        return name.replace("=", "=3D").replace(",", "=2C");
    }

    private static Map<Character, String> attributes(String message) throws ScramException {
        Map<Character, String> attrs = new HashMap<>();
        for (String part : message.split(",")) {
            if (part.length() < 2 || part.charAt(1) != '=') {
                throw new ScramException("Bad SCRAM attribute in server message");
            }
            attrs.putIfAbsent(part.charAt(0), part.substring(2));
        }
        return attrs;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
