package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.ServiceException;

/**
 * Sends a file: an XEP-0363 slot from the upload service (kept for later attempts), the bytes
 * with PUT, resumed from the offset a HEAD reports (Upload-Offset) with Content-Range, the SHA-256
 * checked against the server's, then the file's message to the chat or group.
 */
public final class UploadJob extends TransferJob {

    private volatile String putUrl;
    private volatile String getUrl;

    public UploadJob(TransferContext context, String id, String conversation, boolean group, Path file, String name,
            String putUrl, String getUrl) {
        super(context, id, conversation, group, file, name);
        this.putUrl = putUrl;
        this.getUrl = getUrl;
    }

    @Override
    public Direction direction() {
        return Direction.UPLOAD;
    }

    @Override
    TransferRecord record() {
        return new TransferRecord(id, Direction.UPLOAD, account, conversation, group, file, name, total, transferred,
                putUrl, getUrl, meta);
    }

    @Override
    void discard() {
        // the server forgets an unused slot by itself
    }

    @Override
    FileMessage attempt() throws Exception {
        if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new ServiceException(FailureKind.INVALID_INPUT, "Not a readable file: " + file);
        }
        long size = Files.size(file);
        total = size;
        String type = meta != null && meta.mediaType() != null ? meta.mediaType() : mediaType(file);
        if (putUrl == null) {
            slot(size, type);
        }
        HttpClient http = context.http().client();
        long offset = offset(http, size);
        transferred = Math.min(offset, size);
        report(true);
        HttpResponse<Void> put;
        if (offset >= size && size > 0) {
            // everything arrived before the break: a GET HEAD tells the details
            put = http.send(HttpRequest.newBuilder(URI.create(getUrl)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                    .build(), HttpResponse.BodyHandlers.discarding());
        } else {
            put = put(http, offset, size, type);
        }
        transferred = size;
        FileMessage served = FileHttp.fromHeaders(getUrl, put);
        watch(false); // the response is in: hashing the file here is no silence of the network
        String local = DownloadJob.sha256(file);
        if (served.sha256() != null && !served.sha256().equalsIgnoreCase(local)) {
            throw new ServiceException(FailureKind.HASH_MISMATCH,
                    "The file changed while it was sent (SHA-256 " + local + ", server " + served.sha256() + ").");
        }
        FileMessage sent = new FileMessage(getUrl, name, size, type, local, served.width(), served.height(),
                served.thumbnailUrl(), served.thumbnailType());
        meta = sent;
        context.messages().send(sent, conversation, group);
        return sent;
    }

    /** Asks the upload service for a slot, and remembers it. */
    private void slot(long size, String type) throws Exception {
        XMPPTCPConnection c = context.session().connection();
        account = context.session().account();
        IQ slot;
        try {
            slot = c.sendIqRequestAndWaitForResponse(UploadService.slot(c, name, size, type, group ? conversation : null));
        } catch (Exception e) {
            throw FileHttp.failure(e);
        }
        String put = UploadService.put(slot);
        String get = UploadService.get(slot);
        if (put == null || get == null) {
            throw new ServiceException(FailureKind.OTHER, "The upload service gave no URLs.");
        }
        putUrl = put;
        getUrl = get;
        context.http().slot(c, put, get); // the server's own answer: where its files are
        meta = new FileMessage(get, name, size, type, null, 0, 0, null, null);
        save();
    }

    /** How much of the file the server holds already (HEAD on the slot). */
    private long offset(HttpClient http, long size) throws Exception {
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(putUrl))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        if (head.statusCode() == 404 || head.statusCode() == 410) {
            throw new ServiceException(FailureKind.UNAVAILABLE, "The upload slot is gone (HTTP " + head.statusCode() + ").");
        }
        long offset = 0;
        if (head.statusCode() < 300) {
            offset = head.headers().firstValueAsLong("Upload-Offset").orElse(0);
            if ("?1".equals(head.headers().firstValue("Upload-Complete").orElse(""))) {
                offset = size;
            }
        }
        return offset;
    }

    /** Sends the rest of the file from {@code from}. */
    private HttpResponse<Void> put(HttpClient http, long from, long size, String type) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(putUrl))
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                    try {
                        InputStream in = Files.newInputStream(file);
                        in.skipNBytes(from);
                        return new ProgressStream(in, this, from);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }), size - from));
        if (from > 0) {
            b.header("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
        }
        HttpResponse<Void> put = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
        checkStopped();
        if (put.statusCode() == 409 || put.statusCode() == 204) {
            // the server holds another amount than we thought: ask again
            throw new IOException("Upload offset changed (HTTP " + put.statusCode() + ")");
        }
        if (put.statusCode() == 413) {
            throw new ServiceException(FailureKind.FILE_TOO_LARGE, null);
        }
        if (put.statusCode() >= 300) {
            throw new ServiceException(FailureKind.OTHER, "The upload failed (HTTP " + put.statusCode() + ").");
        }
        return put;
    }

    static String mediaType(Path file) {
        String type = null;
        try {
            type = Files.probeContentType(file);
        } catch (IOException | RuntimeException unknown) {
            // by name below
        }
        if (type == null) {
            type = URLConnection.guessContentTypeFromName(file.getFileName().toString().toLowerCase(Locale.ROOT));
        }
        if (type == null) {
            String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
            type = n.endsWith(".webp") ? "image/webp" : n.endsWith(".pdf") ? "application/pdf" : "application/octet-stream";
        }
        return type;
    }
}
