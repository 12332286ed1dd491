package org.magpie.client.service;

import java.net.URI;
import java.util.Locale;
import java.util.Set;

/**
 * What a message carries, as far as a one-line preview cares: text, an image or a file. Images and
 * files travel as a link to the upload service (XEP-0363) in the body, often with an XEP-0066
 * out-of-band element, or as an {@code aesgcm://} link (OMEMO media sharing).
 *
 * @since 1.4
 */
public enum MessageKind {
    TEXT,
    IMAGE,
    FILE;

    private static final Set<String> IMAGES = Set.of("png", "jpg", "jpeg", "gif", "webp", "bmp", "heic", "heif",
            "svg", "tif", "tiff", "avif");
    /** Extensions of web pages: a shared link to one is text, not a file. */
    private static final Set<String> PAGES = Set.of("html", "htm", "php", "asp", "aspx", "jsp", "cgi");

    /**
     * The kind of a message body.
     *
     * @param body           the message text
     * @param outOfBandUrl   the URL of the message's XEP-0066 element, or null when it has none
     * @return IMAGE or FILE when the body is a single link to an image or a file (an {@code aesgcm}
     *         link, the out-of-band URL, or an {@code https} link whose last path segment has a file
     *         extension other than a web page's), else TEXT
     */
    public static MessageKind of(String body, String outOfBandUrl) {
        if (body == null) {
            return TEXT;
        }
        String text = body.strip();
        if (text.isEmpty() || text.chars().anyMatch(Character::isWhitespace)) {
            return TEXT;
        }
        URI uri;
        try {
            uri = new URI(text);
        } catch (Exception notALink) {
            return TEXT;
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String extension = extension(uri.getRawPath());
        boolean oob = outOfBandUrl != null && outOfBandUrl.strip().equals(text);
        if (scheme.equals("aesgcm") || (oob && (scheme.equals("https") || scheme.equals("http")))) {
            return IMAGES.contains(extension) ? IMAGE : FILE;
        }
        if (scheme.equals("https") && !extension.isEmpty() && !PAGES.contains(extension)) {
            return IMAGES.contains(extension) ? IMAGE : FILE;
        }
        return TEXT;
    }

    /** The kind of a body without out-of-band data (a live message as the listeners see it). */
    public static MessageKind of(String body) {
        return of(body, null);
    }

    private static String extension(String path) {
        if (path == null) {
            return "";
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        int dot = name.lastIndexOf('.');
        return dot <= 0 || dot == name.length() - 1 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }
}
