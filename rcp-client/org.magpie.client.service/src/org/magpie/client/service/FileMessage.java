package org.magpie.client.service;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * An image or a file shared in a chat or a group: where the upload service keeps it and what the
 * message says about it. Travels as the download URL in the body and XEP-0066 out-of-band data,
 * with a XEP-0300 SHA-256 hash, a XEP-0264 thumbnail for images and Magpie's
 * {@code <file xmlns='urn:magpie:files:0' name size type/>}.
 *
 * @param url           the download (GET) URL
 * @param name          the file name as the sender had it
 * @param size          bytes, or -1 when unknown
 * @param mediaType     e.g. {@code image/png}, or null when unknown
 * @param sha256        the SHA-256 of the whole file as lower-case hex, or null when unknown
 * @param width         pixels of an image, or 0
 * @param height        pixels of an image, or 0
 * @param thumbnailUrl  a small preview of an image, or null
 * @param thumbnailType the preview's media type, or null
 * @since 1.5
 */
public record FileMessage(String url, String name, long size, String mediaType, String sha256, int width, int height,
        String thumbnailUrl, String thumbnailType) {

    public FileMessage {
        Objects.requireNonNull(url, "url");
        if (name == null || name.isBlank()) {
            name = nameOf(url);
        }
        if (sha256 != null) {
            sha256 = sha256.toLowerCase(Locale.ROOT);
        }
    }

    /** An image (by media type, else by the name's extension): shown inline. */
    public boolean isImage() {
        if (mediaType != null && !mediaType.isBlank()) {
            return mediaType.toLowerCase(Locale.ROOT).startsWith("image/");
        }
        return MessageKind.of(url, url) == MessageKind.IMAGE;
    }

    public MessageKind kind() {
        return isImage() ? MessageKind.IMAGE : MessageKind.FILE;
    }

    /** The same file with details the server told (null/0/-1 fields of this one filled in from the other). */
    public FileMessage completedBy(FileMessage other) {
        if (other == null) {
            return this;
        }
        return new FileMessage(url, name, size >= 0 ? size : other.size, mediaType != null ? mediaType : other.mediaType,
                sha256 != null ? sha256 : other.sha256, width > 0 ? width : other.width,
                height > 0 ? height : other.height, thumbnailUrl != null ? thumbnailUrl : other.thumbnailUrl,
                thumbnailType != null ? thumbnailType : other.thumbnailType);
    }

    /** The URL's last path segment, decoded. */
    public static String nameOf(String url) {
        try {
            String path = URI.create(url.strip()).getPath();
            if (path != null) {
                String last = path.substring(path.lastIndexOf('/') + 1);
                if (!last.isBlank()) {
                    return last;
                }
            }
        } catch (IllegalArgumentException notAUri) {
            // fall through
        }
        return "file";
    }
}
