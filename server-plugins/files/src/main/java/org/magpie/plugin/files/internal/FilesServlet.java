package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The file transfers, a servlet on the plugin's own Jetty server (see {@link FilesHttp}). Paths, the
 * only ones served:
 * <ul>
 * <li>{@code PUT /upload/<token>/<name>}: the upload; with {@code Content-Range: bytes a-b/size} a
 *     continuation from byte {@code a}, which must not be beyond what the server holds.
 *     {@code HEAD} on the same URL answers {@code Upload-Offset} (bytes held) and {@code Upload-Length}.
 *     An interrupted upload keeps what arrived. The last byte completes it: 201 with the hash.</li>
 * <li>{@code GET|HEAD /files/<slot id>/<name>}: the file, with {@code Range}/{@code If-Range}
 *     (206, 416), {@code ETag} = quoted SHA-256 hex, {@code Repr-Digest}, image size and preview URL
 *     headers. The name part is for people and download folders; only the id counts.</li>
 * <li>{@code GET|HEAD /thumbnails/<slot id>}: the preview of an image.</li>
 * </ul>
 * Files uploaded for a group need an access token from the upload service when access checks are on
 * ({@code ?access=<token>} or {@code Authorization: Bearer <token>}). Every refusal is an HTTP answer
 * with its reason in English and Chinese in the body.
 */
final class FilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FilesServlet.class);
    private static final int BUFFER = 256 * 1024;
    /** Largest refused upload body that is read and dropped rather than answered with a closed connection. */
    private static final int DRAIN_LIMIT = 256 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Text NO_FILE = new Text("No such file; it may have expired.", "没有这个文件，可能已过期。");
    private static final Text NO_SLOT = new Text("No such upload slot; it may have expired.", "没有这个上传位置，可能已过期。");
    private static final String EXPOSED = "ETag, Content-Range, Repr-Digest, Upload-Offset, Upload-Length, Upload-Complete, "
            + "X-Magpie-Sha256, X-Magpie-Image-Width, X-Magpie-Image-Height, X-Magpie-Thumbnail, X-Magpie-Thumbnail-Type";

    /** Per slot: the upload that may write. A new PUT takes over from a stalled one that never noticed its connection died. */
    private static final class Writer {
        int generation;
    }

    private final transient FileService files;
    private final transient TransferLimits limits;
    private final transient ConcurrentMap<String, Writer> writers = new ConcurrentHashMap<>();

    FilesServlet(FileService files, TransferLimits limits) {
        this.files = files;
        this.limits = limits;
    }

    // ================================================================ dispatch

    /** One request, its answer, and whether the request's body has begun to be read. */
    private static final class Exchange {
        private final HttpServletRequest in;
        private final HttpServletResponse out;
        private boolean bodyStarted;

        Exchange(HttpServletRequest in, HttpServletResponse out) {
            this.in = in;
            this.out = out;
        }

        HttpServletRequest in() {
            return in;
        }

        HttpServletResponse out() {
            return out;
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        Exchange ex = new Exchange(request, response);
        String address = request.getRemoteAddr();
        if (!limits.begin(address)) {
            try {
                response.setHeader("Retry-After", Integer.toString(TransferLimits.RETRY_AFTER_SECONDS));
                text(ex, 503, "HEAD".equals(request.getMethod()), limits.refusal(address));
            } catch (IOException | RuntimeException e) {
                LOG.debug("could not refuse {}: {}", address, e.getMessage());
            }
            return;
        }
        try {
            handle(ex);
        } finally {
            limits.end(address);
        }
    }

    private void handle(Exchange ex) {
        try {
            HttpServletResponse h = ex.out();
            h.setHeader("Access-Control-Allow-Origin", "*"); // web clients (XEP-0363 §7)
            h.setHeader("Access-Control-Expose-Headers", EXPOSED);
            String[] seg = ex.in().getRequestURI().split("/", -1);
            String method = ex.in().getMethod();
            if (seg.length >= 3 && seg.length <= 4 && seg[0].isEmpty() && Ids.valid(seg[2])) {
                switch (seg[1]) {
                    case "upload" -> {
                        upload(ex, method, seg[2]);
                        return;
                    }
                    case "files" -> {
                        download(ex, method, seg[2], false);
                        return;
                    }
                    case "thumbnails" -> {
                        if (seg.length == 3) {
                            download(ex, method, seg[2], true);
                            return;
                        }
                    }
                    default -> {
                        // not ours
                    }
                }
            }
            // anything else, dots and slashes included, names nothing: never a look at the disk
            text(ex, 404, "HEAD".equals(method), NO_FILE);
        } catch (IOException e) {
            LOG.debug("file transfer with {} ended: {}", ex.in().getRemoteAddr(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("file request {} {} failed", ex.in().getMethod(), ex.in().getRequestURI(), e);
            try {
                if (!ex.out().isCommitted()) {
                    ex.out().reset();
                    text(ex, 500, false, new Text("The file service failed; try again later.", "文件服务出错，请稍后再试。"));
                }
            } catch (IOException | RuntimeException ignored) {
                // the answer had begun or the client is gone
            }
        }
    }

    private static boolean options(Exchange ex, String method, String allowed) throws IOException {
        if ("OPTIONS".equals(method)) {
            HttpServletResponse h = ex.out();
            h.setHeader("Allow", allowed);
            h.setHeader("Access-Control-Allow-Methods", allowed);
            h.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Content-Range, Range, If-Range, If-None-Match");
            h.setHeader("Access-Control-Max-Age", "86400");
            ex.out().setStatus(204);
            return true;
        }
        if (!allowed.contains(method)) {
            ex.out().setHeader("Allow", allowed);
            text(ex, 405, false, new Text("Method " + method + " is not allowed here; use " + allowed + ".",
                    "此处不允许 " + method + " 方法，请用 " + allowed + "。"));
            return true;
        }
        return false;
    }

    // ================================================================ upload

    private void upload(Exchange ex, String method, String token) throws IOException {
        boolean head = "HEAD".equals(method);
        Optional<FileRecord> found = files.store().byPutToken(token);
        if (found.isEmpty() || found.get().isExpired(files.now())) {
            text(ex, 404, head, NO_SLOT); // before the method check: a guessed token learns nothing
            return;
        }
        if (options(ex, method, "PUT, HEAD, OPTIONS")) {
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
                fileHeaders(ex, slot);
            }
            ex.out().setStatus(204);
            return;
        }
        put(ex, slot);
    }

    private long held(FileRecord slot) throws IOException {
        try {
            return Files.size(files.path(slot.slotId()));
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    private void put(Exchange ex, FileRecord slot) throws IOException {
        HttpServletResponse h = ex.out();
        long size = slot.size();
        if (slot.isComplete()) {
            h.setHeader("Upload-Offset", Long.toString(size));
            h.setHeader("Upload-Complete", "?1");
            text(ex, 409, false, new Text("This file has been uploaded completely already.", "这个文件已经完整上传。"));
            return;
        }
        long first = 0;
        long last = size - 1;
        String contentRange = ex.in().getHeader("Content-Range");
        try {
            Optional<ByteRange.ContentRange> range = ByteRange.fromContentRange(contentRange);
            if (range.isPresent()) {
                if (range.get().total() != size) {
                    text(ex, 400, false, new Text("Content-Range says " + range.get().total() + " bytes in all, but the slot is for "
                            + size + " bytes.", "Content-Range 给出的总长 " + range.get().total() + " 字节与上传位置的 " + size + " 字节不符。"));
                    return;
                }
                first = range.get().range().first();
                last = range.get().range().last();
            }
        } catch (IllegalArgumentException e) {
            text(ex, 400, false, new Text("Bad Content-Range '" + contentRange + "'; expected bytes <first>-<last>/<total>.",
                    "Content-Range“" + contentRange + "”有误，应为 bytes <起>-<止>/<总长>。"));
            return;
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
                text(ex, n > length ? 413 : 400, false, new Text("Content-Length " + declared + " does not match the " + length
                        + " bytes expected (the slot is for " + size + " bytes).", "Content-Length " + declared + " 与应上传的 " + length
                        + " 字节不符（上传位置为 " + size + " 字节）。"));
                return;
            }
        }
        Path path = files.path(slot.slotId());
        Files.createDirectories(path.getParent());
        Writer writer = writers.computeIfAbsent(slot.slotId(), id -> new Writer());
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE)) {
            int generation;
            synchronized (writer) {
                long held = channel.size();
                if (first > held) {
                    h.setHeader("Upload-Offset", Long.toString(held));
                    text(ex, 409, false, new Text("The server holds " + held + " bytes of this file; continue from byte " + held + ".",
                            "服务器已有此文件的 " + held + " 字节，请从第 " + held + " 字节继续。"));
                    return;
                }
                generation = ++writer.generation; // an older upload still running stops at its next write
                if (first < held) {
                    channel.truncate(first);
                }
            }
            MessageDigest digest = prefixDigest(channel, first);
            byte[] buffer = new byte[BUFFER];
            ex.bodyStarted = true;
            InputStream in = ex.in().getInputStream();
            long position = first;
            while (position <= last) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, last + 1 - position));
                if (n < 0) {
                    break;
                }
                synchronized (writer) {
                    if (writer.generation != generation) {
                        text(ex, 409, false, new Text("A newer upload of this file took over.", "此文件的一个更新的上传已接手。"));
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
                text(ex, 400, false, new Text("The upload ended after " + position + " bytes; continue with Content-Range: bytes "
                        + position + "-" + (size - 1) + "/" + size + ".", "上传在 " + position + " 字节处中断；请用 Content-Range: bytes "
                        + position + "-" + (size - 1) + "/" + size + " 继续。"));
                return;
            }
            if (in.read() >= 0) {
                synchronized (writer) {
                    if (writer.generation == generation) {
                        channel.truncate(first);
                    }
                }
                text(ex, 413, false, new Text("More bytes came than announced; the part was discarded.", "收到的字节多于声明的长度，此部分已丢弃。"));
                return;
            }
            if (last + 1 < size) {
                h.setHeader("Upload-Offset", Long.toString(last + 1));
                h.setHeader("Upload-Complete", "?0");
                ex.out().setStatus(204);
                return;
            }
            synchronized (writer) {
                if (writer.generation != generation) {
                    text(ex, 409, false, new Text("A newer upload of this file took over.", "此文件的一个更新的上传已接手。"));
                    return;
                }
                channel.force(true);
                Optional<FileRecord> done = files.complete(slot, HexFormat.of().formatHex(digest.digest()));
                writers.remove(slot.slotId(), writer);
                if (done.isEmpty()) {
                    text(ex, 404, false, NO_SLOT);
                    return;
                }
                h.setHeader("Upload-Offset", Long.toString(size));
                h.setHeader("Upload-Complete", "?1");
                h.setHeader("Location", files.getUrl(done.get()));
                fileHeaders(ex, done.get());
                text(ex, 201, false, new Text("Uploaded.", "已上传。"));
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

    // ================================================================ download

    private void download(Exchange ex, String method, String slotId, boolean thumbnail) throws IOException {
        if (options(ex, method, "GET, HEAD, OPTIONS")) {
            return;
        }
        boolean head = "HEAD".equals(method);
        Optional<FileRecord> found = files.store().bySlot(slotId);
        if (found.isEmpty() || !found.get().isComplete() || found.get().isExpired(files.now())) {
            text(ex, 404, head, NO_FILE);
            return;
        }
        FileRecord f = found.get();
        if (f.room() != null && files.config().access_checks() && !allowed(ex, f, head)) {
            return;
        }
        if (thumbnail) {
            if (!f.hasThumbnail()) {
                text(ex, 404, head, new Text("This file has no preview.", "这个文件没有预览图。"));
                return;
            }
            byte[] bytes = Files.readAllBytes(files.thumbnailPath(slotId));
            HttpServletResponse h = ex.out();
            h.setHeader("Content-Type", f.thumbnailType());
            h.setHeader("Cache-Control", "private, max-age=86400");
            h.setHeader("X-Content-Type-Options", "nosniff");
            send(ex, 200, head, bytes);
            return;
        }
        fileHeaders(ex, f);
        HttpServletResponse h = ex.out();
        String etag = etag(f);
        String ifNoneMatch = ex.in().getHeader("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.strip().equals("*") || ifNoneMatch.contains(etag))) {
            ex.out().setStatus(304);
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
            text(ex, 416, head, new Text("The range '" + range + "' is not within the " + size + " bytes of the file.",
                    "范围“" + range + "”不在文件的 " + size + " 字节之内。"));
            return;
        }
        long first = part.map(ByteRange::first).orElse(0L);
        long length = part.map(ByteRange::length).orElse(size);
        int status = part.isPresent() ? 206 : 200;
        part.ifPresent(p -> h.setHeader("Content-Range", "bytes " + p.first() + "-" + p.last() + "/" + size));
        h.setContentLengthLong(length);
        if (head || length == 0) {
            ex.out().setStatus(status);
            return;
        }
        try (FileChannel channel = FileChannel.open(files.path(slotId), StandardOpenOption.READ)) {
            ex.out().setStatus(status);
            OutputStream out = ex.out().getOutputStream();
            ByteBuffer b = ByteBuffer.allocate(BUFFER);
            long position = first;
            long end = first + length;
            while (position < end) {
                b.clear().limit((int) Math.min(BUFFER, end - position));
                int n = channel.read(b, position);
                if (n < 0) {
                    throw new IOException("file " + slotId + " is shorter than recorded");
                }
                out.write(b.array(), 0, n);
                position += n;
            }
            out.flush();
        }
    }

    /** Group files: a valid token of someone who may read it (see {@link FileService#mayRead}); answers 403 itself otherwise. */
    private boolean allowed(Exchange ex, FileRecord f, boolean head) throws IOException {
        String token = query(ex, "access");
        String auth = ex.in().getHeader("Authorization");
        if (token == null && auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).strip();
        }
        String number = f.room().substring(0, f.room().indexOf('@'));
        Optional<String> user = files.tokenUser(token, f.slotId());
        if (user.isEmpty()) {
            ex.out().setHeader("WWW-Authenticate", "Bearer realm=\"" + files.serviceDomain() + "\"");
            text(ex, 403, head, new Text("This file was shared in group " + number + ": ask " + files.serviceDomain()
                    + " for an access token (urn:magpie:files:0) and add it as ?access=<token>.",
                    "这个文件分享在群 " + number + " 中：请向 " + files.serviceDomain() + " 申请访问令牌（urn:magpie:files:0），并以 ?access=<令牌> 附上。"));
            return false;
        }
        if (!files.mayRead(f, user.get())) {
            text(ex, 403, head, new Text("Only members of group " + number + " and those it was forwarded to may download this file.",
                    "只有群 " + number + " 的成员和收到转发的人可以下载这个文件。"));
            return false;
        }
        return true;
    }

    private static String query(Exchange ex, String name) {
        String q = ex.in().getQueryString();
        if (q == null) {
            return null;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                try {
                    return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                } catch (IllegalArgumentException e) {
                    return null;
                }
            }
        }
        return null;
    }

    private static String etag(FileRecord f) {
        return "\"" + f.sha256() + "\"";
    }

    /** What a client needs to check and preview a file: type, hash, image size, preview URL. */
    private void fileHeaders(Exchange ex, FileRecord f) {
        HttpServletResponse h = ex.out();
        h.setHeader("Content-Type", f.contentType());
        h.setHeader("ETag", etag(f));
        h.setHeader("Accept-Ranges", "bytes");
        h.setHeader("Last-Modified", HTTP_DATE.format(f.completed()));
        h.setHeader("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(f.sha256())) + ":");
        h.setHeader("X-Magpie-Sha256", f.sha256());
        // never run as a page in the browser's eyes: uploads come from anyone
        h.setHeader("X-Content-Type-Options", "nosniff");
        h.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        h.setHeader("Content-Disposition", (f.contentType().startsWith("image/") ? "inline" : "attachment") + "; filename*=UTF-8''"
                + FileService.pathSegment(f.name()));
        h.setHeader("Cache-Control", "private, max-age=86400");
        if (f.isImage()) {
            h.setHeader("X-Magpie-Image-Width", Integer.toString(f.width()));
            h.setHeader("X-Magpie-Image-Height", Integer.toString(f.height()));
        }
        if (f.hasThumbnail()) {
            h.setHeader("X-Magpie-Thumbnail", files.thumbnailUrl(f));
            h.setHeader("X-Magpie-Thumbnail-Type", f.thumbnailType());
        }
    }

    private static void text(Exchange ex, int status, boolean head, Text text) throws IOException {
        ex.out().setHeader("Content-Type", "text/plain; charset=utf-8");
        if (status >= 400 && "PUT".equals(ex.in().getMethod()) && !drained(ex)) {
            // the body was refused unread: end the connection rather than read what may be gigabytes
            ex.out().setHeader("Connection", "close");
        }
        send(ex, status, head, text.lines().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and drops a small refused body that was not read at all, so the connection can stay and
     * the client surely reads the answer: closing a connection with unread bytes resets it, and the
     * reset may destroy the answer before the client sees it. Clients sending large bodies should ask
     * {@code Expect: 100-continue} (Jetty then answers a refusal before the body is sent).
     */
    private static boolean drained(Exchange ex) {
        long length = ex.in().getContentLengthLong();
        if (ex.bodyStarted || length < 0 || length > DRAIN_LIMIT) {
            return false;
        }
        try {
            ex.in().getInputStream().readNBytes((int) length);
            return ex.in().getInputStream().read() < 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static void send(Exchange ex, int status, boolean head, byte[] body) throws IOException {
        ex.out().setStatus(status);
        ex.out().setContentLength(body.length);
        if (!head && body.length > 0) {
            OutputStream out = ex.out().getOutputStream();
            out.write(body);
            out.flush();
        }
    }
}
