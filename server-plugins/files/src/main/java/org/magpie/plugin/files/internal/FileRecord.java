package org.magpie.plugin.files.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * One upload slot and, once its bytes are all there, the file: {@code slotId} names it in the download
 * URL and on disk, {@code putToken} is the secret part of the upload URL. {@code completed},
 * {@code sha256}, {@code width}/{@code height} (images) and {@code thumbnailType} are null until the
 * upload is complete; {@code expires} null means kept forever; {@code room} is the bare JID of the
 * group the file was uploaded for, or null.
 */
record FileRecord(String slotId, String putToken, String owner, String name, long size, String contentType,
        String sha256, Instant created, Instant completed, Instant expires, String room, Integer width, Integer height,
        String thumbnailType) {

    FileRecord {
        Objects.requireNonNull(slotId, "slotId");
        Objects.requireNonNull(putToken, "putToken");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(contentType, "contentType");
        Objects.requireNonNull(created, "created");
    }

    static FileRecord slot(String slotId, String putToken, String owner, String name, long size, String contentType,
            Instant created, Instant expires, String room) {
        return new FileRecord(slotId, putToken, owner, name, size, contentType, null, created, null, expires, room, null,
                null, null);
    }

    boolean isComplete() {
        return completed != null;
    }

    boolean isExpired(Instant now) {
        return expires != null && !expires.isAfter(now);
    }

    boolean isImage() {
        return width != null && height != null;
    }

    boolean hasThumbnail() {
        return thumbnailType != null;
    }

    FileRecord completed(String hash, Instant at, Instant newExpires, Integer w, Integer h, String thumbType) {
        return new FileRecord(slotId, putToken, owner, name, size, contentType, hash, created, at, newExpires, room, w, h,
                thumbType);
    }
}
