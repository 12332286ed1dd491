package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Download tokens for a group's files: {@code <expiry>.<user>.<HMAC>}, signed with a key kept beside
 * the files, so a token needs no database row and survives a restart.
 */
final class AccessTokens {

    private final byte[] key;
    private final Clock clock;

    /** Reads the key from {@code keyFile}, making it on the first start. */
    AccessTokens(Path keyFile, Clock clock) throws IOException {
        this.key = key(keyFile);
        this.clock = clock;
    }

    /** A token that lets {@code user} download the slot's file until {@code expires}. */
    String accessToken(String slotId, String user, Instant expires) {
        long e = expires.getEpochSecond();
        return e + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(user.getBytes(StandardCharsets.UTF_8)) + "."
                + mac(slotId + "\n" + user + "\n" + e);
    }

    /** The user a token was made for, if it is genuine, for this slot, and not expired. */
    Optional<String> tokenUser(String token, String slotId) {
        if (token == null) {
            return Optional.empty();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3 || !parts[0].matches("\\d{1,18}")) {
            return Optional.empty();
        }
        try {
            long e = Long.parseLong(parts[0]);
            String user = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
            byte[] expected = mac(slotId + "\n" + user + "\n" + e).getBytes(StandardCharsets.US_ASCII);
            if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))
                    || Instant.ofEpochSecond(e).isBefore(clock.instant())) {
                return Optional.empty();
            }
            return Optional.of(user);
        } catch (IllegalArgumentException ex) {
            return Optional.empty();
        }
    }

    private String mac(String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(data.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** The key signing access tokens: made once, readable by the server's user alone. */
    private static byte[] key(Path file) throws IOException {
        if (Files.exists(file)) {
            byte[] key = Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
            if (key.length >= 32) {
                return key;
            }
        }
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, Base64.getEncoder().encodeToString(key), StandardCharsets.US_ASCII);
        try {
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the folder's permissions apply
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return key;
    }
}
