package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.magpie.server.api.text.Texts;

import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code PUT /upload/<token>/<name>}: the upload, whole or, with {@code Content-Range: bytes a-b/size},
 * continued from byte {@code a} (not beyond what the server holds); {@code HEAD} on the same URL
 * answers {@code Upload-Offset} (bytes held) and {@code Upload-Length}. An interrupted upload keeps
 * what arrived; the last byte completes it: 201 with the hash.
 */
final class ResumableUploads {

    private static final int BUFFER = 256 * 1024;

    /** Per slot: the upload that may write. A new PUT takes over from a stalled one that never noticed its connection died. */
    private static final class Writer {
        int generation;
    }

    private final Texts texts = Texts.of(ResumableUploads.class);
    private final FileService files;
    private final ConcurrentMap<String, Writer> writers = new ConcurrentHashMap<>();

    ResumableUploads(FileService files) {
        this.files = files;
    }

    void serve(Exchange ex, String token) throws IOException {
        boolean head = ex.isHead();
        Optional<FileRecord> found = files.store().byPutToken(token);
        if (found.isEmpty() || found.get().isExpired(files.now())) {
            ex.text(404, head, texts.text("http.slot.not.found")); // before the method check: a guessed token learns nothing
            return;
        }
        if (ex.answeredOptions("PUT, HEAD, OPTIONS")) {
            return;
        }
        FileRecord slot = found.get();
        HttpServletResponse h = ex.out();
        h.setHeader("Cache-Control", "no-store");
        h.setHeader("Upload-Length", Long.toString(slot.size()));
        if (head) {
            long held = slot.isComplete() ? slot.size() : held(slot);
            h.setHeader("Upload-Offset", Long.toString(held));
            h.setHeader("Upload-Complete", slot.isComplete() ? "?1" : "?0");
            if (slot.isComplete()) {
                ex.fileHeaders(slot, files.urls());
            }
            h.setStatus(204);
            return;
        }
        put(ex, slot);
    }

    private long held(FileRecord slot) throws IOException {
        try {
            return Files.size(files.folder().path(slot.slotId()));
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** The part of the file this PUT carries; empty when refused (the answer is given). */
    private Optional<ByteRange> part(Exchange ex, long size) throws IOException {
        long first = 0;
        long last = size - 1;
        String contentRange = ex.in().getHeader("Content-Range");
        try {
            Optional<ByteRange.ContentRange> range = ByteRange.fromContentRange(contentRange);
            if (range.isPresent()) {
                if (range.get().total() != size) {
                    ex.text(400, false, texts.text("http.range.total.mismatch", String.valueOf(range.get().total()),
                            String.valueOf(size)));
                    return Optional.empty();
                }
                first = range.get().range().first();
                last = range.get().range().last();
            }
        } catch (IllegalArgumentException e) {
            ex.text(400, false, texts.text("http.content.range.bad", contentRange));
            return Optional.empty();
        }
        long length = last - first + 1;
        String declared = ex.in().getHeader("Content-Length");
        if (declared != null) {
            long n;
            try {
                n = Long.parseLong(declared.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n != length) {
                ex.text(n > length ? 413 : 400, false, texts.text("http.content.length.mismatch", declared,
                        String.valueOf(length), String.valueOf(size)));
                return Optional.empty();
            }
        }
        return Optional.of(new ByteRange(first, last));
    }

    private void put(Exchange ex, FileRecord slot) throws IOException {
        HttpServletResponse h = ex.out();
        long size = slot.size();
        if (slot.isComplete()) {
            h.setHeader("Upload-Offset", Long.toString(size));
            h.setHeader("Upload-Complete", "?1");
            ex.text(409, false, texts.text("http.already.complete"));
            return;
        }
        Optional<ByteRange> part = part(ex, size);
        if (part.isEmpty()) {
            return;
        }
        long first = part.get().first();
        long last = part.get().last();
        Path path = files.folder().path(slot.slotId());
        Files.createDirectories(path.getParent());
        Writer writer = writers.computeIfAbsent(slot.slotId(), id -> new Writer());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            int generation;
            synchronized (writer) {
                long held = channel.size();
                if (first > held) {
                    h.setHeader("Upload-Offset", Long.toString(held));
                    ex.text(409, false, texts.text("http.continue.from", String.valueOf(held)));
                    return;
                }
                generation = ++writer.generation; // an older upload still running stops at its next write
                if (first < held) {
                    channel.truncate(first);
                }
            }
            MessageDigest digest = prefixDigest(channel, first);
            byte[] buffer = new byte[BUFFER];
            ex.bodyStarted();
            InputStream in = ex.in().getInputStream();
            long position = first;
            while (position <= last) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, last + 1 - position));
                if (n < 0) {
                    break;
                }
                synchronized (writer) {
                    if (writer.generation != generation) {
                        ex.text(409, false, texts.text("http.taken.over"));
                        return;
                    }
                    ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
                    long at = position;
                    while (b.hasRemaining()) {
                        at += channel.write(b, at);
                    }
                }
                digest.update(buffer, 0, n);
                position += n;
            }
            if (position <= last) {
                // the body ended early without a broken connection: what came stays, as after a cut
                h.setHeader("Upload-Offset", Long.toString(position));
                ex.text(400, false, texts.text("http.ended.early", String.valueOf(position), String.valueOf(size - 1),
                        String.valueOf(size)));
                return;
            }
            if (in.read() >= 0) {
                synchronized (writer) {
                    if (writer.generation == generation) {
                        channel.truncate(first);
                    }
                }
                ex.text(413, false, texts.text("http.too.many.bytes"));
                return;
            }
            if (last + 1 < size) {
                h.setHeader("Upload-Offset", Long.toString(last + 1));
                h.setHeader("Upload-Complete", "?0");
                h.setStatus(204);
                return;
            }
            synchronized (writer) {
                if (writer.generation != generation) {
                    ex.text(409, false, texts.text("http.taken.over"));
                    return;
                }
                channel.force(true);
                Optional<FileRecord> done = files.completion().complete(slot, HexFormat.of().formatHex(digest.digest()));
                writers.remove(slot.slotId(), writer);
                if (done.isEmpty()) {
                    ex.text(404, false, texts.text("http.slot.not.found"));
                    return;
                }
                h.setHeader("Upload-Offset", Long.toString(size));
                h.setHeader("Upload-Complete", "?1");
                h.setHeader("Location", files.urls().getUrl(done.get()));
                ex.fileHeaders(done.get(), files.urls());
                ex.text(201, false, texts.text("http.uploaded"));
            }
        }
    }

    /** SHA-256 state after the first {@code length} bytes already on disk, for a continuation. */
    private static MessageDigest prefixDigest(FileChannel channel, long length) throws IOException {
        MessageDigest digest = sha256();
        ByteBuffer b = ByteBuffer.allocate(BUFFER);
        long position = 0;
        while (position < length) {
            b.clear().limit((int) Math.min(BUFFER, length - position));
            int n = channel.read(b, position);
            if (n < 0) {
                throw new IOException("the file is shorter than " + length + " bytes");
            }
            b.flip();
            digest.update(b);
            position += n;
        }
        return digest;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
