package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * One HTTP request of the file port and its answer: the answers every path gives (a text in English
 * and Chinese, a body, the file's headers, {@code OPTIONS}), and whether the request's body has begun
 * to be read, which decides whether a refused upload's connection can stay.
 */
final class Exchange {

    /** Largest refused upload body that is read and dropped rather than answered with a closed connection. */
    private static final int DRAIN_LIMIT = 256 * 1024;
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final Texts texts;
    private final HttpServletRequest in;
    private final HttpServletResponse out;
    private boolean bodyStarted;

    /** @param texts the plugin's texts, loaded once (not per request) */
    Exchange(Texts texts, HttpServletRequest in, HttpServletResponse out) {
        this.texts = texts;
        this.in = in;
        this.out = out;
    }

    HttpServletRequest in() {
        return in;
    }

    HttpServletResponse out() {
        return out;
    }

    String method() {
        return in.getMethod();
    }

    boolean isHead() {
        return "HEAD".equals(in.getMethod());
    }

    /** From now on a refusal cannot drain the body: it is being read. */
    void bodyStarted() {
        bodyStarted = true;
    }

    /**
     * Answers {@code OPTIONS} (CORS preflight) and a method not in {@code allowed} (405).
     *
     * @return whether the request has been answered
     */
    boolean answeredOptions(String allowed) throws IOException {
        String method = method();
        if ("OPTIONS".equals(method)) {
            out.setHeader("Allow", allowed);
            out.setHeader("Access-Control-Allow-Methods", allowed);
            out.setHeader("Access-Control-Allow-Headers", "Authorization, Content-Type, Content-Range, Range, If-Range, If-None-Match");
            out.setHeader("Access-Control-Max-Age", "86400");
            out.setStatus(204);
            return true;
        }
        if (!allowed.contains(method)) {
            out.setHeader("Allow", allowed);
            text(405, false, texts.text("http.method.not.allowed", method, allowed));
            return true;
        }
        return false;
    }

    /** A query parameter, decoded; null when missing or badly encoded. */
    String query(String name) {
        String q = in.getQueryString();
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

    static String etag(FileRecord f) {
        return "\"" + f.sha256() + "\"";
    }

    /** What a client needs to check and preview a file: type, hash, image size, preview URL. */
    void fileHeaders(FileRecord f, FileUrls urls) {
        out.setHeader("Content-Type", f.contentType());
        out.setHeader("ETag", etag(f));
        out.setHeader("Accept-Ranges", "bytes");
        out.setHeader("Last-Modified", HTTP_DATE.format(f.completed()));
        out.setHeader("Repr-Digest", "sha-256=:" + Base64.getEncoder().encodeToString(HexFormat.of().parseHex(f.sha256())) + ":");
        out.setHeader("X-Magpie-Sha256", f.sha256());
        // never run as a page in the browser's eyes: uploads come from anyone
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Content-Security-Policy", "default-src 'none'; sandbox");
        out.setHeader("Content-Disposition", (f.contentType().startsWith("image/") ? "inline" : "attachment")
                + "; filename*=UTF-8''" + FileUrls.pathSegment(f.name()));
        out.setHeader("Cache-Control", "private, max-age=86400");
        if (f.isImage()) {
            out.setHeader("X-Magpie-Image-Width", Integer.toString(f.width()));
            out.setHeader("X-Magpie-Image-Height", Integer.toString(f.height()));
        }
        if (f.hasThumbnail()) {
            out.setHeader("X-Magpie-Thumbnail", urls.thumbnailUrl(f));
            out.setHeader("X-Magpie-Thumbnail-Type", f.thumbnailType());
        }
    }

    /** An answer whose body is the text in English and Chinese, one per line. */
    void text(int status, boolean head, LocalizedText text) throws IOException {
        out.setHeader("Content-Type", "text/plain; charset=utf-8");
        if (status >= 400 && "PUT".equals(in.getMethod()) && !drained()) {
            // the body was refused unread: end the connection rather than read what may be gigabytes
            out.setHeader("Connection", "close");
        }
        send(status, head, (text.english() + "\n" + text.in("zh") + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads and drops a small refused body that was not read at all, so the connection can stay and
     * the client surely reads the answer: closing a connection with unread bytes resets it, and the
     * reset may destroy the answer before the client sees it. Clients sending large bodies should ask
     * {@code Expect: 100-continue} (Jetty then answers a refusal before the body is sent).
     */
    private boolean drained() {
        long length = in.getContentLengthLong();
        if (bodyStarted || length < 0 || length > DRAIN_LIMIT) {
            return false;
        }
        try {
            in.getInputStream().readNBytes((int) length);
            return in.getInputStream().read() < 0;
        } catch (IOException e) {
            return false;
        }
    }

    void send(int status, boolean head, byte[] body) throws IOException {
        out.setStatus(status);
        out.setContentLength(body.length);
        if (!head && body.length > 0) {
            OutputStream o = out.getOutputStream();
            o.write(body);
            o.flush();
        }
    }
}
