package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

import org.magpie.server.api.text.Texts;

import jakarta.servlet.http.HttpServletResponse;

/**
 * {@code GET|HEAD /files/<slot id>/<name>}: the file, with {@code Range}/{@code If-Range} (206, 416),
 * {@code If-None-Match} (304) and the file's headers; {@code GET|HEAD /thumbnails/<slot id>}: the
 * preview of an image. A group's file needs an access token when access checks are on.
 */
final class Downloads {

    private static final int BUFFER = 256 * 1024;

    private final Texts texts = Texts.of(Downloads.class);
    private final FileService files;

    Downloads(FileService files) {
        this.files = files;
    }

    void serve(Exchange ex, String slotId, boolean thumbnail) throws IOException {
        if (ex.answeredOptions("GET, HEAD, OPTIONS")) {
            return;
        }
        boolean head = ex.isHead();
        Optional<FileRecord> found = files.store().bySlot(slotId);
        if (found.isEmpty() || !found.get().isComplete() || found.get().isExpired(files.now())) {
            ex.text(404, head, texts.text("http.file.not.found"));
            return;
        }
        FileRecord f = found.get();
        if (f.room() != null && files.config().access_checks() && !allowed(ex, f, head)) {
            return;
        }
        if (thumbnail) {
            thumbnail(ex, f, head);
        } else {
            file(ex, f, head);
        }
    }

    private void thumbnail(Exchange ex, FileRecord f, boolean head) throws IOException {
        if (!f.hasThumbnail()) {
            ex.text(404, head, texts.text("http.no.preview"));
            return;
        }
        byte[] bytes = Files.readAllBytes(files.folder().thumbnailPath(f.slotId()));
        HttpServletResponse h = ex.out();
        h.setHeader("Content-Type", f.thumbnailType());
        h.setHeader("Cache-Control", "private, max-age=86400");
        h.setHeader("X-Content-Type-Options", "nosniff");
        ex.send(200, head, bytes);
    }

    private void file(Exchange ex, FileRecord f, boolean head) throws IOException {
        ex.fileHeaders(f, files.urls());
        HttpServletResponse h = ex.out();
        String etag = Exchange.etag(f);
        String ifNoneMatch = ex.in().getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(etag))) {
            h.setStatus(304);
            return;
        }
        long size = f.size();
        String range = ex.in().getHeader("Range");
        String ifRange = ex.in().getHeader("If-Range");
        if (ifRange != null && !ifRange.strip().equals(etag)) {
            range = null; // the client's part is of another version: it gets the whole file
        }
        Optional<ByteRange> part;
        try {
            part = ByteRange.fromRange(range, size);
        } catch (IllegalArgumentException e) {
            h.setHeader("Content-Range", "bytes */" + size);
            ex.text(416, head, texts.text("http.range.bad", range, String.valueOf(size)));
            return;
        }
        long first = part.map(ByteRange::first).orElse(0L);
        long length = part.map(ByteRange::length).orElse(size);
        int status = part.isPresent() ? 206 : 200;
        part.ifPresent(p -> h.setHeader("Content-Range", "bytes " + p.first() + "-" + p.last() + "/" + size));
        h.setContentLengthLong(length);
        if (head || length == 0) {
            h.setStatus(status);
            return;
        }
        try (FileChannel channel = FileChannel.open(files.folder().path(f.slotId()), StandardOpenOption.READ)) {
            h.setStatus(status);
            OutputStream out = h.getOutputStream();
            ByteBuffer b = ByteBuffer.allocate(BUFFER);
            long position = first;
            long end = first + length;
            while (position < end) {
                b.clear().limit((int) Math.min(BUFFER, end - position));
                int n = channel.read(b, position);
                if (n < 0) {
                    throw new IOException("file " + f.slotId() + " is shorter than recorded");
                }
                out.write(b.array(), 0, n);
                position += n;
            }
            out.flush();
        }
    }

    /** Group files: a valid token of someone who may read it (see {@link FileAccess#mayRead}); answers 403 itself otherwise. */
    private boolean allowed(Exchange ex, FileRecord f, boolean head) throws IOException {
        String token = ex.query("access");
        String auth = ex.in().getHeader("Authorization");
        if (token == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).strip();
        }
        String number = f.room().substring(0, f.room().indexOf('@'));
        Optional<String> user = files.tokens().tokenUser(token, f.slotId());
        if (user.isEmpty()) {
            ex.out().setHeader("WWW-Authenticate", "Bearer realm=\"" + files.serviceDomain() + "\"");
            ex.text(403, head, texts.text("http.token.needed", number, files.serviceDomain().toString()));
            return false;
        }
        if (!files.access().mayRead(f, user.get())) {
            ex.text(403, head, texts.text("http.members.only", number));
            return false;
        }
        return true;
    }
}
