package org.magpie.server.core.sasl;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

import com.ibm.icu.text.StringPrep;
import com.ibm.icu.text.StringPrepParseException;

/** The hash functions SCRAM is used with (RFC 5802, RFC 7677) and the key derivation they share. */
public enum ScramAlgorithm {
    SHA_256("SCRAM-SHA-256", "SHA-256", "HmacSHA256", "PBKDF2WithHmacSHA256", 32),
    SHA_1("SCRAM-SHA-1", "SHA-1", "HmacSHA1", "PBKDF2WithHmacSHA1", 20);

    private final String mechanism;
    private final String digest;
    private final String hmac;
    private final String pbkdf2;
    private final int length;

    ScramAlgorithm(String mechanism, String digest, String hmac, String pbkdf2, int length) {
        this.mechanism = mechanism;
        this.digest = digest;
        this.hmac = hmac;
        this.pbkdf2 = pbkdf2;
        this.length = length;
    }

    /** ICU's RFC 4013 profile; its instances are shared and hold no state of a call. */
    private static final StringPrep SASLPREP = StringPrep.getInstance(StringPrep.RFC4013_SASLPREP);

    /** Bytes of salt per account (and of an unknown user's decoy salt, so that the two look alike). */
    public static final int SALT_LENGTH = 16;

    /**
     * The salt an unknown user seems to have: stable for a name (asking twice gives the same answer,
     * as for an account) and as long as a real one.
     */
    public static byte[] decoySalt(byte[] secret, String username) {
        return java.util.Arrays.copyOf(SHA_256.hmac(secret, username), SALT_LENGTH);
    }

    /** The SASL mechanism name. */
    public String mechanism() {
        return mechanism;
    }

    /** Derives the stored and server keys for a password; the password itself is not kept. */
    public ScramKeys deriveKeys(String password, byte[] salt, int iterations) {
        byte[] salted = saltedPassword(password, salt, iterations);
        byte[] storedKey = hash(hmac(salted, "Client Key"));
        byte[] serverKey = hmac(salted, "Server Key");
        java.util.Arrays.fill(salted, (byte) 0);
        return new ScramKeys(storedKey, serverKey);
    }

    byte[] saltedPassword(String password, byte[] salt, int iterations) {
        char[] chars = prepare(password).toCharArray();
        try {
            PBEKeySpec spec = new PBEKeySpec(chars, salt, iterations, length * 8);
            return SecretKeyFactory.getInstance(pbkdf2).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(pbkdf2 + " unavailable", e);
        } finally {
            java.util.Arrays.fill(chars, '\0');
        }
    }

    byte[] hmac(byte[] key, String text) {
        return hmac(key, text.getBytes(StandardCharsets.UTF_8));
    }

    byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance(hmac);
            mac.init(new SecretKeySpec(key, hmac));
            return mac.doFinal(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(hmac + " unavailable", e);
        }
    }

    byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance(digest).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(digest + " unavailable", e);
        }
    }

    /**
     * SASLprep (RFC 4013, ICU4J's profile) of a password given at login: non-ASCII spaces become spaces,
     * what is mapped to nothing goes, NFKC; control, private-use and other prohibited characters, and
     * mixed writing directions, make it no password at all. Registration and login both derive the
     * keys from this form, so they agree with clients that prepare the password themselves (RFC 5802
     * asks them to). Without the prohibitions a trailing NUL was the same password: PBKDF2 keys an
     * HMAC with it, and HMAC pads short keys with zeros.
     *
     * @throws IllegalArgumentException when the password holds a character SASLprep prohibits
     */
    static String prepare(String password) {
        return saslprep(password, StringPrep.ALLOW_UNASSIGNED);
    }

    /**
     * Whether a new password may be stored: SASLprep as for a stored string, which also refuses code
     * points Unicode has not assigned (they may be mapped differently once they are).
     */
    public static boolean storable(String password) {
        try {
            saslprep(password, StringPrep.DEFAULT);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String saslprep(String password, int options) {
        try {
            return SASLPREP.prepare(password, options);
        } catch (StringPrepParseException e) {
            throw new IllegalArgumentException("not a valid password under SASLprep (RFC 4013)", e);
        }
    }

}
