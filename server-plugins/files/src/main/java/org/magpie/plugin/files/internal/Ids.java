package org.magpie.plugin.files.internal;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * Slot ids and upload tokens: 192 random bits from a {@link SecureRandom} in URL-safe Base64
 * (32 characters of {@code A-Z a-z 0-9 - _}). Only strings of exactly that shape are ever turned into
 * paths, so no request can name a file outside the files folder.
 */
final class Ids {

    private static final int BYTES = 24;
    private static final Pattern SHAPE = Pattern.compile("[A-Za-z0-9_-]{32}");

    private final SecureRandom random = new SecureRandom();

    String next() {
        byte[] b = new byte[BYTES];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static boolean valid(String id) {
        return id != null && SHAPE.matcher(id).matches();
    }
}
