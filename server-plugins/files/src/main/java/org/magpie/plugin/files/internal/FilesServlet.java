package org.magpie.plugin.files.internal;

import java.io.IOException;

import org.magpie.server.api.text.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The file transfers, a servlet on the plugin's own Jetty server (see {@link FilesHttp}). Paths, the
 * only ones served:
 * <ul>
 * <li>{@code PUT|HEAD /upload/<token>/<name>}: the upload, resumable ({@link ResumableUploads}).</li>
 * <li>{@code GET|HEAD /files/<slot id>/<name>}: the file, with ranges ({@link Downloads}). The name
 *     part is for people and download folders; only the id counts.</li>
 * <li>{@code GET|HEAD /thumbnails/<slot id>}: the preview of an image.</li>
 * </ul>
 * Files uploaded for a group need an access token from the upload service when access checks are on
 * ({@code ?access=<token>} or {@code Authorization: Bearer <token>}). Every refusal is an HTTP answer
 * with its reason in English and Chinese in the body. Beyond the {@link TransferLimits} a request is
 * answered 503 at once.
 */
final class FilesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FilesServlet.class);
    private static final String EXPOSED = "ETag, Content-Range, Repr-Digest, Upload-Offset, Upload-Length, Upload-Complete, "
            + "X-Magpie-Sha256, X-Magpie-Image-Width, X-Magpie-Image-Height, X-Magpie-Thumbnail, X-Magpie-Thumbnail-Type";

    private final transient Texts texts = Texts.of(FilesServlet.class);
    private final transient TransferLimits limits;
    private final transient ResumableUploads uploads;
    private final transient Downloads downloads;

    FilesServlet(FileService files, TransferLimits limits) {
        this.limits = limits;
        this.uploads = new ResumableUploads(files);
        this.downloads = new Downloads(files);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) {
        Exchange ex = new Exchange(texts, request, response);
        String address = request.getRemoteAddr();
        if (!limits.begin(address)) {
            try {
                response.setHeader("Retry-After", Integer.toString(TransferLimits.RETRY_AFTER_SECONDS));
                ex.text(503, ex.isHead(), limits.refusal(address));
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
            if (seg.length >= 3 && seg.length <= 4 && seg[0].isEmpty() && Ids.valid(seg[2])) {
                switch (seg[1]) {
                    case "upload" -> {
                        uploads.serve(ex, seg[2]);
                        return;
                    }
                    case "files" -> {
                        downloads.serve(ex, seg[2], false);
                        return;
                    }
                    case "thumbnails" -> {
                        if (seg.length == 3) {
                            downloads.serve(ex, seg[2], true);
                            return;
                        }
                    }
                    default -> {
                        // not ours
                    }
                }
            }
            // anything else, dots and slashes included, names nothing: never a look at the disk
            ex.text(404, ex.isHead(), texts.text("http.file.not.found"));
        } catch (IOException e) {
            LOG.debug("file transfer with {} ended: {}", ex.in().getRemoteAddr(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("file request {} {} failed", ex.method(), ex.in().getRequestURI(), e);
            try {
                if (!ex.out().isCommitted()) {
                    ex.out().reset();
                    ex.text(500, false, texts.text("http.failed"));
                }
            } catch (IOException | RuntimeException ignored) {
                // the answer had begun or the client is gone
            }
        }
    }
}
