package org.magpie.client.service.smack.internal;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * HTTPS to the server's upload service: the JDK's HTTP client trusted like the XMPP connection
 * ({@link HttpsTrust}), download tokens for group files (XEP-0363 access requests of Magpie's), and
 * the rule that only the server's own files ({@link ServerFiles}) are fetched automatically.
 */
public final class FileHttp {

    private static final Logger LOG = Logger.getLogger(FileHttp.class.getName());

    private final FilesSession session;
    private final Executor work;
    /** Download tokens of group files, by URL. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Which links are the server's files, per connection, and when its upload service has said (disco#info). */
    private final Map<XMPPTCPConnection, Own> own = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private volatile HttpClient http;
    private volatile ServerAddress httpFor;

    /** The server's files and its upload service's answer about them, for a connection; asked once. */
    private record Own(ServerFiles files, CompletableFuture<Void> asked) {
    }

    public FileHttp(FilesSession session, Executor work) {
        this.session = session;
        this.work = work;
    }

    /** Whether {@code url} is one of the server's files (false while offline). */
    public boolean isServerFile(String url) {
        try {
            return own(session.connection()).files.contains(url);
        } catch (ServiceException offline) {
            return false;
        }
    }

    /** The server's own answer about where its files are: a slot's URLs. */
    public void slot(XMPPTCPConnection c, String... urls) throws ServiceException {
        ServerFiles files = own(c).files;
        for (String url : urls) {
            files.slot(url);
        }
    }

    private Own own(XMPPTCPConnection c) throws ServiceException {
        Own known = own.get(c);
        if (known != null) {
            return known;
        }
        ServerAddress server = session.server();
        synchronized (own) {
            known = own.get(c);
            if (known == null) {
                Own o = new Own(new ServerFiles(server.domain(), server.host()), new CompletableFuture<>());
                own.put(c, o);
                known = o;
                Async.execute(work, () -> {
                    try {
                        UploadService.namedBases(c).forEach(o.files::named);
                    } catch (Exception | LinkageError e) {
                        LOG.log(Level.FINE, "The upload service did not say where its files are", e);
                    } finally {
                        o.asked.complete(null);
                    }
                });
            }
            return known;
        }
    }

    /**
     * Refuses a link that is not one of the server's files (see {@link ServerFiles}) before anything
     * is sent to it or a token asked for it; waits first (on a worker thread) for the upload service's
     * answer about where its files are.
     */
    private void requireServerFile(String... urls) throws Exception {
        XMPPTCPConnection c = session.connection();
        Own o = own(c);
        try {
            o.asked.get(Math.max(1_000, c.getReplyTimeout()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException slow) {
            // the default rule decides
        }
        for (String url : urls) {
            if (!o.files.contains(url)) {
                LOG.fine(() -> "Not fetching " + url + ": not a file of this server's upload service");
                throw new ServiceException(FailureKind.UNAVAILABLE,
                        "Not a file of this server's file service; it is not fetched automatically: " + url);
            }
        }
    }

    /** The HTTP client for the server logged in to (a new one after logging in elsewhere). */
    public HttpClient client() throws ServiceException {
        ServerAddress server = session.server();
        HttpClient c = http;
        if (c == null || !server.equals(httpFor)) {
            synchronized (this) {
                c = HttpClient.newBuilder()
                        .sslContext(HttpsTrust.context(session.trustStore(), server.host(), server.port()))
                        .connectTimeout(Duration.ofSeconds(15))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
                http = c;
                httpFor = server;
            }
        }
        return c;
    }

    /**
     * A request for a file, or for its preview at {@code requestUrl}. A group's file goes with a
     * download token. A file heard in a private chat is tried without one, and asked for again with
     * a token when the server wants one: a group's file forwarded into the chat (the server opened it
     * to this user). A cached token the server no longer takes is replaced once.
     */
    public <T> HttpResponse<T> fetch(String fileUrl, String requestUrl, boolean group,
            UnaryOperator<HttpRequest.Builder> shape, HttpResponse.BodyHandler<T> body) throws Exception {
        requireServerFile(fileUrl, requestUrl);
        String cached = tokens.get(fileUrl);
        String token = cached != null ? cached : group ? token(fileUrl) : null;
        HttpResponse<T> r = client().send(shape.apply(HttpRequest.newBuilder(URI.create(withToken(requestUrl, token)))).build(), body);
        boolean fresh = cached == null && token != null;
        if (r.statusCode() != 403 || fresh || token == null && r.headers().firstValue("WWW-Authenticate").isEmpty()) {
            return r;
        }
        if (r.body() instanceof AutoCloseable open) {
            open.close();
        }
        tokens.remove(fileUrl);
        token = token(fileUrl); // refused (ACCESS_DENIED with the server's words) when this user may not read it
        return client().send(shape.apply(HttpRequest.newBuilder(URI.create(withToken(requestUrl, token)))).build(), body);
    }

    /**
     * Tells Magpie's upload service about a forward before the message goes: it checks that this
     * user may read the file and that the target is a friend or one of the user's groups, and opens a
     * group's file to the target. A server without Magpie's forwards gets the URL alone, as before.
     */
    public void openTo(String url, String to) throws ServiceException {
        if (!FileForward.isMagpieFile(url)) {
            return;
        }
        XMPPTCPConnection c = session.connection();
        try {
            c.sendIqRequestAndWaitForResponse(FileForward.request(c, url, to));
        } catch (XMPPErrorException e) {
            StanzaError.Condition condition = e.getStanzaError().getCondition();
            if (condition != StanzaError.Condition.service_unavailable
                    && condition != StanzaError.Condition.feature_not_implemented) {
                throw failure(e);
            }
        } catch (Exception e) {
            throw failure(e);
        }
    }

    private static String withToken(String url, String token) {
        if (token == null) {
            return url;
        }
        return url + (url.contains("?") ? "&" : "?") + "access=" + token;
    }

    /** A download token for a group's file (asked once per URL; asked again after a refusal). */
    private String token(String url) throws ServiceException {
        String t = tokens.get(url);
        if (t != null) {
            return t;
        }
        XMPPTCPConnection c = session.connection();
        try {
            IQ answer = c.sendIqRequestAndWaitForResponse(UploadService.access(c, url));
            t = UploadService.token(answer);
        } catch (Exception e) {
            throw failure(e);
        }
        if (t == null) {
            throw new ServiceException(FailureKind.ACCESS_DENIED, null);
        }
        tokens.put(url, t);
        return t;
    }

    /** Nothing when the answer is a success; else the failure in the user's terms (and the token is forgotten). */
    public void check(HttpResponse<?> r, String url) throws ServiceException {
        int s = r.statusCode();
        if (s >= 200 && s < 300) {
            return;
        }
        tokens.remove(url);
        String text = "HTTP " + s;
        throw switch (s) {
            case 401, 403 -> new ServiceException(FailureKind.ACCESS_DENIED, text);
            case 404, 410 -> new ServiceException(FailureKind.UNAVAILABLE, text);
            case 413 -> new ServiceException(FailureKind.FILE_TOO_LARGE, text);
            default -> new ServiceException(FailureKind.OTHER, text);
        };
    }

    /** What the upload service's headers tell about the file at {@code url}. */
    public static FileMessage fromHeaders(String url, HttpResponse<?> r) {
        var h = r.headers();
        long size = h.firstValueAsLong("Content-Length").orElse(-1);
        String range = h.firstValue("Content-Range").orElse(null);
        if (range != null && range.contains("/")) {
            try {
                size = Long.parseLong(range.substring(range.indexOf('/') + 1).strip());
            } catch (NumberFormatException unknown) {
                // keep Content-Length
            }
        }
        String type = h.firstValue("Content-Type").map(t -> t.split(";")[0].strip()).orElse(null);
        String sha = h.firstValue("X-Magpie-Sha256").orElse(null);
        int w = (int) h.firstValueAsLong("X-Magpie-Image-Width").orElse(0);
        int hh = (int) h.firstValueAsLong("X-Magpie-Image-Height").orElse(0);
        return new FileMessage(url, null, size, type, sha, w, hh, h.firstValue("X-Magpie-Thumbnail").orElse(null),
                h.firstValue("X-Magpie-Thumbnail-Type").orElse(null));
    }

    /** A failed slot or access request in the user's terms. */
    public static ServiceException failure(Throwable e) {
        if (e instanceof XMPPErrorException xe) {
            StanzaError error = xe.getStanzaError();
            String text = Failures.text(error);
            FailureKind kind = switch (error.getCondition()) {
                case not_acceptable -> UploadService.tooLarge(error) ? FailureKind.FILE_TOO_LARGE : FailureKind.FILE_TYPE_REFUSED;
                case resource_constraint -> FailureKind.QUOTA_EXCEEDED;
                case forbidden, not_authorized -> FailureKind.ACCESS_DENIED;
                case service_unavailable, item_not_found, feature_not_implemented -> FailureKind.UNAVAILABLE;
                default -> Failures.kind(error, Operation.SEND);
            };
            return new ServiceException(kind, text, e);
        }
        return Failures.map(e, Operation.SEND);
    }
}
