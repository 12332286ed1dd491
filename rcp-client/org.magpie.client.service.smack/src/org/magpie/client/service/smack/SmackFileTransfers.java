package org.magpie.client.service.smack;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLConnection;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;
import org.magpie.client.service.TransferListener;
import org.magpie.client.service.smack.internal.FileElements;
import org.magpie.client.service.smack.internal.FileForward;
import org.magpie.client.service.smack.internal.Failures;
import org.magpie.client.service.smack.internal.Failures.Operation;
import org.magpie.client.service.smack.internal.HttpsTrust;
import org.magpie.client.service.smack.internal.PrivateFolders;
import org.magpie.client.service.smack.internal.ServerFiles;
import org.magpie.client.service.smack.internal.TransferRecords;
import org.magpie.client.service.smack.internal.UploadService;

/**
 * {@link FileTransfers} over a {@link SmackMessagingService}'s session: XEP-0363 slots from
 * {@code upload.<domain>}, transfers with the JDK's HTTP client over HTTPS trusted like the XMPP
 * connection ({@link HttpsTrust}), resumed with HEAD + Content-Range (uploads) and Range/If-Range
 * (downloads). Every unfinished transfer is kept as a properties file in the state folder, so it can
 * continue after the client restarts. Thread-safe; listeners are called in order on one thread.
 * <p>
 * The JDK's HTTP client has no read timeout, and a link that dies without a reset (a pulled cable,
 * Wi-Fi gone) tells the client nothing: a transfer through which no byte moved for
 * {@link Patience#silence()} gives its connection up and is tried again like one that broke.
 */
public class SmackFileTransfers implements FileTransfers, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(SmackFileTransfers.class.getName());
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Files of at most this size are their own preview when the server made none. */
    private static final long SMALL_IMAGE = 4L << 20;
    private static final int BUFFER = 64 * 1024;
    /** Automatic attempts after a broken connection before the transfer waits for the user. */
    private static final int RETRIES = 3;

    private final SmackMessagingService messaging;
    private final TransferRecords records;
    private final Patience patience;
    private final ExecutorService work;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService events;
    /** Details of files heard in messages, by URL. */
    private final Map<String, FileMessage> heard = new ConcurrentHashMap<>();
    /** Download tokens of group files, by URL. */
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    /** Transfers of this run, by id. */
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private final Map<XMPPTCPConnection, Boolean> listening = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    /** Which links are the server's files, per connection, and when its upload service has said (disco#info). */
    private final Map<XMPPTCPConnection, Own> own = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final Path viewing;
    private volatile HttpClient http;
    private volatile ServerAddress httpFor;
    private final MessagingListener online = new MessagingListener() {
        @Override
        public void stateChanged(ConnectionState state) {
            if (state == ConnectionState.ONLINE) {
                listen();
            }
        }
    };

    /**
     * How long transfers wait before they give a broken connection up and try again.
     *
     * @param silence    no byte moved for this long: the connection is taken as dead
     * @param firstRetry the pause before the first automatic attempt after a break; it doubles for
     *                   each further one, and after three the transfer waits, PAUSED, for the user
     */
    public record Patience(Duration silence, Duration firstRetry) {

        /** Half a minute of silence (a server finishing a large file stays well under it); one second, then 2 and 4. */
        public static final Patience DEFAULT = new Patience(Duration.ofSeconds(30), Duration.ofSeconds(1));

        public Patience {
            if (silence == null || silence.isNegative() || silence.isZero()) {
                throw new IllegalArgumentException("silence must be positive: " + silence);
            }
            if (firstRetry == null || firstRetry.isNegative()) {
                throw new IllegalArgumentException("firstRetry must not be negative: " + firstRetry);
            }
        }
    }

    /**
     * @param messaging the session the files go through
     * @param stateDir  where unfinished transfers are remembered
     */
    public SmackFileTransfers(SmackMessagingService messaging, Path stateDir) {
        this(messaging, stateDir, Patience.DEFAULT);
    }

    /**
     * @param messaging the session the files go through
     * @param stateDir  where unfinished transfers are remembered
     * @param patience  when a silent connection is given up, and the pauses between attempts
     */
    public SmackFileTransfers(SmackMessagingService messaging, Path stateDir, Patience patience) {
        this.messaging = Objects.requireNonNull(messaging, "messaging");
        this.records = new TransferRecords(stateDir);
        this.viewing = stateDir.toAbsolutePath().resolveSibling("images");
        this.patience = Objects.requireNonNull(patience, "patience");
        int n = INSTANCES.incrementAndGet();
        this.work = Executors.newCachedThreadPool(daemon("magpie-files-" + n + "-work"));
        this.events = Executors.newSingleThreadExecutor(daemon("magpie-files-" + n + "-events"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(daemon("magpie-files-" + n + "-watchdog"));
        long silence = patience.silence().toNanos();
        long every = Math.max(TimeUnit.MILLISECONDS.toNanos(50), silence / 10);
        watchdog.scheduleWithFixedDelay(() -> {
            long now = System.nanoTime();
            jobs.values().forEach(j -> j.giveUpIfSilent(now, silence));
        }, every, every, TimeUnit.NANOSECONDS);
        synchronized (SmackMessagingService.class) {
            UploadService.registerProviders();
        }
        messaging.addListener(online);
        listen();
    }

    // ================================================================== FileTransfers

    @Override
    public Transfer send(String to, boolean group, Path file, TransferListener listener) {
        Job job = new Job(UUID.randomUUID().toString(), Transfer.Direction.UPLOAD, to, group, file,
                file == null || file.getFileName() == null ? "file" : file.getFileName().toString());
        job.owner = this;
        if (listener != null) {
            job.addListener(listener);
        }
        jobs.put(job.id, job);
        job.start();
        return job;
    }

    @Override
    public Transfer download(FileMessage file, String from, boolean group, Path target, TransferListener listener) {
        Objects.requireNonNull(file, "file");
        Job job = new Job(UUID.randomUUID().toString(), Transfer.Direction.DOWNLOAD, from, group,
                Objects.requireNonNull(target, "target"), file.name());
        job.owner = this;
        job.meta = file;
        job.total = file.size();
        if (listener != null) {
            job.addListener(listener);
        }
        jobs.put(job.id, job);
        job.start();
        return job;
    }

    @Override
    public CompletableFuture<Void> forward(FileMessage file, String to, boolean group) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (file == null || to == null || to.isBlank()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        run(result, () -> {
            openTo(file.url(), to.strip());
            sendMessage(file, to.strip(), group);
            result.complete(null);
        });
        return result;
    }

    @Override
    public CompletableFuture<FileMessage> describe(String url, String from, boolean group) {
        CompletableFuture<FileMessage> result = new CompletableFuture<>();
        if (url == null || url.isBlank()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        String u = url.strip();
        FileMessage known = heard.get(u);
        if (known != null && known.size() >= 0 && known.sha256() != null) {
            result.complete(known);
            return result;
        }
        run(result, () -> {
            HttpResponse<Void> head = fetch(u, u, group, b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
            check(head, u);
            FileMessage served = fromHeaders(u, head);
            FileMessage f = known == null ? served : known.completedBy(served);
            heard.put(u, f);
            result.complete(f);
        });
        return result;
    }

    @Override
    public CompletableFuture<byte[]> thumbnail(FileMessage file, String from, boolean group) {
        CompletableFuture<byte[]> result = new CompletableFuture<>();
        run(result, () -> {
            String url = file.thumbnailUrl();
            if (url == null) {
                if (!file.isImage() || file.size() > SMALL_IMAGE || file.size() < 0) {
                    throw new ServiceException(FailureKind.UNAVAILABLE, "No preview of " + file.name());
                }
                url = file.url();
            }
            HttpResponse<byte[]> r = fetch(file.url(), url, group, HttpRequest.Builder::GET,
                    HttpResponse.BodyHandlers.ofByteArray());
            check(r, file.url());
            result.complete(r.body());
        });
        return result;
    }

    @Override
    public List<Transfer> unfinished() {
        String account = messaging.account();
        if (account == null) {
            return List.of();
        }
        List<Transfer> result = new ArrayList<>();
        for (Properties p : records.all()) {
            String id = p.getProperty("id");
            if (!account.equals(p.getProperty("account")) || id == null) {
                continue;
            }
            Job job = jobs.computeIfAbsent(id, k -> Job.restore(this, p));
            if (job != null && (job.state == Transfer.State.PAUSED || job.state == Transfer.State.RUNNING)) {
                result.add(job);
            }
        }
        return result;
    }

    @Override
    public boolean isServerFile(String url) {
        Own o;
        try {
            o = own(messaging.filesConnection());
        } catch (ServiceException offline) {
            return false;
        }
        return o.files.contains(url);
    }

    @Override
    public Path viewingFolder() throws ServiceException {
        try {
            return PrivateFolders.create(viewing);
        } catch (IOException e) {
            throw new ServiceException(FailureKind.OTHER, "Cannot make the private folder " + viewing + ": " + e.getMessage(), e);
        }
    }

    /** Stops the threads (running transfers pause and stay remembered). */
    @Override
    public void close() {
        messaging.removeListener(online);
        jobs.values().forEach(j -> j.stop(false));
        watchdog.shutdownNow();
        work.shutdownNow();
        events.shutdown();
    }

    // ================================================================== messages

    /** Hears the files in messages of each new connection (their details beat a HEAD request). */
    private void listen() {
        XMPPTCPConnection c;
        try {
            c = messaging.filesConnection();
        } catch (ServiceException offline) {
            return;
        }
        if (listening.putIfAbsent(c, Boolean.TRUE) != null) {
            return;
        }
        c.addSyncStanzaListener(s -> {
            FileMessage f = FileElements.parse((Message) s);
            if (f != null) {
                heard.merge(f.url(), f, FileMessage::completedBy);
            }
        }, s -> s instanceof Message);
    }

    /** The server's files and its upload service's answer about them, for a connection; asked once. */
    private record Own(ServerFiles files, CompletableFuture<Void> asked) {
    }

    private Own own(XMPPTCPConnection c) throws ServiceException {
        Own known = own.get(c);
        if (known != null) {
            return known;
        }
        ServerAddress server = messaging.filesServer();
        synchronized (own) {
            known = own.get(c);
            if (known == null) {
                known = new Own(new ServerFiles(server.domain(), server.host()), new CompletableFuture<>());
                own.put(c, known);
                Own o = known;
                try {
                    work.execute(() -> {
                        try {
                            UploadService.namedBases(c).forEach(o.files::named);
                        } catch (Exception | LinkageError e) {
                            LOG.log(Level.FINE, "The upload service did not say where its files are", e);
                        } finally {
                            o.asked.complete(null);
                        }
                    });
                } catch (RejectedExecutionException closed) {
                    o.asked.complete(null);
                }
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
        XMPPTCPConnection c = messaging.filesConnection();
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

    private void sendMessage(FileMessage file, String to, boolean group) throws Exception {
        XMPPTCPConnection c = messaging.filesConnection();
        MessageBuilder m = c.getStanzaFactory().buildMessageStanza()
                .to(JidCreate.entityBareFrom(to))
                .ofType(group ? Message.Type.groupchat : Message.Type.chat)
                .setBody(file.url());
        if (!group && messaging.nickname() != null) {
            m.addExtension(new Nick(messaging.nickname()));
        }
        m.addExtensions(FileElements.elementsOf(file));
        heard.put(file.url(), file);
        c.sendStanza(m.build());
    }

    // ================================================================== HTTP

    private HttpClient client() throws ServiceException {
        ServerAddress server = messaging.filesServer();
        HttpClient c = http;
        if (c == null || !server.equals(httpFor)) {
            synchronized (this) {
                c = HttpClient.newBuilder()
                        .sslContext(HttpsTrust.context(messaging.trustStore(), server.host(), server.port()))
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
    private <T> HttpResponse<T> fetch(String fileUrl, String requestUrl, boolean group, UnaryOperator<HttpRequest.Builder> shape,
            HttpResponse.BodyHandler<T> body) throws Exception {
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
    private void openTo(String url, String to) throws ServiceException {
        if (!FileForward.isMagpieFile(url)) {
            return;
        }
        XMPPTCPConnection c = messaging.filesConnection();
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
        XMPPTCPConnection c = messaging.filesConnection();
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

    private void check(HttpResponse<?> r, String url) throws ServiceException {
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

    private static FileMessage fromHeaders(String url, HttpResponse<?> r) {
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
    static ServiceException failure(Throwable e) {
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

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    private void run(CompletableFuture<?> result, Work task) {
        try {
            work.execute(() -> {
                try {
                    task.run();
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    result.completeExceptionally(failure(e));
                } catch (Error e) {
                    result.completeExceptionally(new ServiceException(FailureKind.OTHER, null, e));
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ServiceException(FailureKind.OTHER, "The file service was closed."));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    static String sha256(Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = in.read(buffer)) > 0;) {
                d.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    // ================================================================== one transfer

    /** The user paused or cancelled: the running request stops at the next buffer. */
    private static final class Stopped extends InterruptedIOException {
        private static final long serialVersionUID = 1L;
    }

    private static final class Job implements Transfer {
        private SmackFileTransfers owner;
        final String id;
        final Direction direction;
        final String conversation;
        final boolean group;
        final Path file;
        final String name;
        private final List<TransferListener> listeners = new CopyOnWriteArrayList<>();
        private final CompletableFuture<FileMessage> finished = new CompletableFuture<>();
        // guarded by this
        volatile State state = State.PAUSED;
        volatile long transferred;
        volatile long total = -1;
        volatile ServiceException failure;
        volatile boolean verified;
        volatile FileMessage meta;
        String putUrl;
        String getUrl;
        String account;
        private volatile boolean stop;
        private volatile boolean forget;
        private int attempt;
        /** Guards the fields below: the watchdog interrupts only the attempt it watches. */
        private final Object watch = new Object();
        /** The thread of the attempt under way while it waits on the network, else null. */
        private Thread watched;
        /** When a byte last moved (or the watched attempt began), System.nanoTime(). */
        private volatile long lastMove;
        /** The watchdog gave this attempt's connection up. */
        private boolean silenced;
        /** (nanoTime, bytes) samples of the last seconds, for the speed. */
        private final ArrayDeque<long[]> samples = new ArrayDeque<>();
        private long lastReport;

        Job(String id, Direction direction, String conversation, boolean group, Path file, String name) {
            this.id = id;
            this.direction = direction;
            this.conversation = conversation;
            this.group = group;
            this.file = file;
            this.name = name;
        }

        static Job restore(SmackFileTransfers owner, Properties p) {
            try {
                Job j = new Job(p.getProperty("id"), Direction.valueOf(p.getProperty("direction")),
                        p.getProperty("conversation"), Boolean.parseBoolean(p.getProperty("group")),
                        Path.of(p.getProperty("file")), p.getProperty("name"));
                j.owner = owner;
                j.account = p.getProperty("account");
                j.putUrl = p.getProperty("put");
                j.getUrl = p.getProperty("get");
                j.total = Long.parseLong(p.getProperty("size", "-1"));
                j.transferred = Long.parseLong(p.getProperty("done", "0"));
                if (p.getProperty("url") != null) {
                    j.meta = new FileMessage(p.getProperty("url"), j.name, j.total, p.getProperty("type"),
                            p.getProperty("sha256"), Integer.parseInt(p.getProperty("width", "0")),
                            Integer.parseInt(p.getProperty("height", "0")), p.getProperty("thumbnail"),
                            p.getProperty("thumbnailType"));
                }
                j.state = State.PAUSED;
                return j;
            } catch (RuntimeException broken) {
                LOG.log(Level.WARNING, "An unreadable transfer record was skipped", broken);
                return null;
            }
        }

        void start() {
            resume();
        }

        void save() {
            Properties p = new Properties();
            p.setProperty("id", id);
            p.setProperty("direction", direction.name());
            p.setProperty("account", account == null ? String.valueOf(owner.messaging.account()) : account);
            if (conversation != null) {
                p.setProperty("conversation", conversation);
            }
            p.setProperty("group", Boolean.toString(group));
            p.setProperty("file", file.toAbsolutePath().toString());
            p.setProperty("name", name);
            p.setProperty("size", Long.toString(total));
            p.setProperty("done", Long.toString(transferred));
            if (putUrl != null) {
                p.setProperty("put", putUrl);
            }
            if (getUrl != null) {
                p.setProperty("get", getUrl);
            }
            FileMessage m = meta;
            if (m != null) {
                p.setProperty("url", m.url());
                putIf(p, "type", m.mediaType());
                putIf(p, "sha256", m.sha256());
                p.setProperty("width", Integer.toString(m.width()));
                p.setProperty("height", Integer.toString(m.height()));
                putIf(p, "thumbnail", m.thumbnailUrl());
                putIf(p, "thumbnailType", m.thumbnailType());
            }
            owner.records.save(id, p);
        }

        private static void putIf(Properties p, String key, String value) {
            if (value != null) {
                p.setProperty(key, value);
            }
        }

        @Override
        public synchronized void resume() {
            if (state == State.RUNNING || state == State.DONE || state == State.CANCELLED) {
                return;
            }
            stop = false;
            failure = null;
            state = State.RUNNING;
            samples.clear();
            report(true);
            try {
                owner.work.execute(this::runLoop);
            } catch (RejectedExecutionException closed) {
                state = State.PAUSED;
            }
        }

        @Override
        public void pause() {
            stop(false);
        }

        @Override
        public void cancel() {
            stop(true);
        }

        void stop(boolean cancel) {
            boolean idle;
            synchronized (this) {
                if (state == State.DONE || state == State.CANCELLED || state == State.FAILED && !cancel) {
                    return;
                }
                stop = true;
                forget |= cancel;
                idle = state != State.RUNNING;
                if (idle) {
                    state = cancel ? State.CANCELLED : State.PAUSED;
                }
            }
            if (idle) {
                if (cancel) {
                    forgetNow();
                }
                report(true);
            }
        }

        private void forgetNow() {
            owner.records.delete(id);
            owner.jobs.remove(id);
            if (direction == Direction.DOWNLOAD) {
                try {
                    Files.deleteIfExists(part());
                } catch (IOException e) {
                    LOG.log(Level.FINE, "Could not delete " + part(), e);
                }
            }
            finished.completeExceptionally(new ServiceException(FailureKind.OTHER, "Cancelled."));
        }

        private void runLoop() {
            attempt = 0;
            while (true) {
                try {
                    watch(true);
                    FileMessage result = direction == Direction.UPLOAD ? upload() : download();
                    watch(false);
                    synchronized (this) {
                        state = State.DONE;
                    }
                    owner.records.delete(id);
                    report(true);
                    finished.complete(result);
                    return;
                } catch (Exception e) {
                    boolean silent = watch(false);
                    if (e instanceof InterruptedException && !silent) {
                        Thread.currentThread().interrupt();
                    }
                    boolean userStopped = stop;
                    ServiceException reason = silent
                            ? new ServiceException(FailureKind.TIMEOUT, "No data moved for " + owner.patience.silence().toSeconds()
                                    + " s; the connection was given up after " + transferred + " bytes.", e)
                            : e instanceof ServiceException se ? se : SmackFileTransfers.failure(e);
                    boolean network = !userStopped && (silent || (e instanceof IOException)
                            && reason.kind() == FailureKind.UNREACHABLE);
                    if (network && attempt++ < RETRIES) {
                        LOG.log(Level.FINE, "Transfer " + id + " broke; trying again", e);
                        try {
                            Thread.sleep(owner.patience.firstRetry().toMillis() << (attempt - 1));
                        } catch (InterruptedException i) {
                            Thread.currentThread().interrupt();
                        }
                        if (!stop) {
                            continue;
                        }
                    }
                    boolean cancelled;
                    synchronized (this) {
                        cancelled = forget;
                        if (cancelled) {
                            state = State.CANCELLED;
                        } else if (userStopped || stop || network || reason.kind() == FailureKind.UNREACHABLE
                                || reason.kind() == FailureKind.TIMEOUT) {
                            state = State.PAUSED;
                            failure = userStopped || stop ? null : reason;
                        } else {
                            state = State.FAILED;
                            failure = reason;
                        }
                    }
                    if (cancelled) {
                        forgetNow();
                    } else if (state == State.FAILED) {
                        owner.records.delete(id);
                        finished.completeExceptionally(reason);
                    } else {
                        save();
                    }
                    report(true);
                    return;
                }
            }
        }

        // ---------------------------------------------------------------- upload

        private FileMessage upload() throws Exception {
            if (file == null || !Files.isRegularFile(file) || !Files.isReadable(file)) {
                throw new ServiceException(FailureKind.INVALID_INPUT, "Not a readable file: " + file);
            }
            long size = Files.size(file);
            total = size;
            String type = meta != null && meta.mediaType() != null ? meta.mediaType() : mediaType(file);
            if (putUrl == null) {
                XMPPTCPConnection c = owner.messaging.filesConnection();
                account = owner.messaging.account();
                IQ slot;
                try {
                    slot = c.sendIqRequestAndWaitForResponse(
                            UploadService.slot(c, name, size, type, group ? conversation : null));
                } catch (Exception e) {
                    throw SmackFileTransfers.failure(e);
                }
                putUrl = UploadService.put(slot);
                getUrl = UploadService.get(slot);
                if (putUrl == null || getUrl == null) {
                    throw new ServiceException(FailureKind.OTHER, "The upload service gave no URLs.");
                }
                ServerFiles files = owner.own(c).files;
                files.slot(putUrl); // the server's own answer: where its files are
                files.slot(getUrl);
                meta = new FileMessage(getUrl, name, size, type, null, 0, 0, null, null);
                save();
            }
            HttpClient http = owner.client();
            long offset = 0;
            HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(putUrl))
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
            if (head.statusCode() == 404 || head.statusCode() == 410) {
                throw new ServiceException(FailureKind.UNAVAILABLE, "The upload slot is gone (HTTP " + head.statusCode() + ").");
            }
            if (head.statusCode() < 300) {
                offset = head.headers().firstValueAsLong("Upload-Offset").orElse(0);
                if ("?1".equals(head.headers().firstValue("Upload-Complete").orElse(""))) {
                    offset = size;
                }
            }
            transferred = Math.min(offset, size);
            report(true);
            HttpResponse<Void> put;
            if (offset >= size && size > 0) {
                // everything arrived before the break: a GET HEAD tells the details
                put = http.send(HttpRequest.newBuilder(URI.create(getUrl)).method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .build(), HttpResponse.BodyHandlers.discarding());
            } else {
                long from = offset;
                HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(putUrl))
                        .header("Content-Type", type)
                        .PUT(HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
                            try {
                                InputStream in = Files.newInputStream(file);
                                in.skipNBytes(from);
                                return new Counting(in, this, from);
                            } catch (IOException e) {
                                throw new java.io.UncheckedIOException(e);
                            }
                        }), size - from));
                if (from > 0) {
                    b.header("Content-Range", "bytes " + from + "-" + (size - 1) + "/" + size);
                }
                put = http.send(b.build(), HttpResponse.BodyHandlers.discarding());
                if (stop) {
                    throw new Stopped();
                }
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
            }
            transferred = size;
            FileMessage served = fromHeaders(getUrl, put);
            watch(false); // the response is in: hashing the file here is no silence of the network
            String local = sha256(file);
            if (served.sha256() != null && !served.sha256().equalsIgnoreCase(local)) {
                throw new ServiceException(FailureKind.HASH_MISMATCH,
                        "The file changed while it was sent (SHA-256 " + local + ", server " + served.sha256() + ").");
            }
            FileMessage sent = new FileMessage(getUrl, name, size, type, local, served.width(), served.height(),
                    served.thumbnailUrl(), served.thumbnailType());
            meta = sent;
            owner.sendMessage(sent, conversation, group);
            return sent;
        }

        // ---------------------------------------------------------------- download

        private Path part() {
            return file.resolveSibling(file.getFileName() + ".part");
        }

        private FileMessage download() throws Exception {
            FileMessage m = meta;
            if (account == null) {
                account = owner.messaging.account();
            }
            save();
            Path part = part();
            Files.createDirectories(part.toAbsolutePath().getParent());
            long offset = resumable(part);
            long from = offset;
            HttpResponse<InputStream> r = owner.fetch(m.url(), m.url(), group, b -> {
                b.GET();
                if (from > 0) {
                    b.header("Range", "bytes=" + from + "-");
                    if (m.sha256() != null) {
                        b.header("If-Range", "\"" + m.sha256() + "\"");
                    }
                }
                return b;
            }, HttpResponse.BodyHandlers.ofInputStream());
            if (r.statusCode() == 416) {
                r.body().close();
                offset = 0; // the part is not a prefix of this file: start again
                Files.deleteIfExists(part);
                throw new IOException("Range not satisfiable; starting again");
            }
            if (r.statusCode() >= 300) {
                r.body().close();
                owner.check(r, m.url());
            }
            boolean append = r.statusCode() == 206;
            if (!append) {
                offset = 0;
            }
            FileMessage served = fromHeaders(m.url(), r);
            if (served.size() >= 0) {
                total = served.size();
            }
            transferred = offset;
            report(true);
            if (!append) {
                Files.deleteIfExists(part); // a link there is removed, not followed
            }
            // never through a link: one planted since resumable() looked makes the open fail (O_NOFOLLOW)
            try (InputStream in = new Counting(r.body(), this, offset);
                    OutputStream out = Files.newOutputStream(part, LinkOption.NOFOLLOW_LINKS, StandardOpenOption.WRITE,
                            append ? StandardOpenOption.APPEND : StandardOpenOption.CREATE_NEW)) {
                in.transferTo(out);
            }
            if (stop) {
                throw new Stopped();
            }
            if (total >= 0 && Files.size(part) != total) {
                throw new IOException("The download ended early");
            }
            String expected = m.sha256() != null ? m.sha256() : served.sha256();
            watch(false); // every byte is in: hashing the part here is no silence of the network
            String actual = sha256(part);
            if (expected != null && !expected.equalsIgnoreCase(actual)) {
                Files.deleteIfExists(part);
                throw new ServiceException(FailureKind.HASH_MISMATCH,
                        "SHA-256 " + actual + " instead of " + expected + "; the download was discarded.");
            }
            verified = expected != null;
            try {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException notAtomic) {
                Files.move(part, file, StandardCopyOption.REPLACE_EXISTING);
            }
            FileMessage done = m.completedBy(served);
            return new FileMessage(done.url(), done.name(), Files.size(file), done.mediaType(), actual, done.width(),
                    done.height(), done.thumbnailUrl(), done.thumbnailType());
        }

        /**
         * How much of the file an earlier attempt left in {@code part}: its size when it is a regular
         * file of this user's; 0 when there is none, or when it is a link (or a folder, or another
         * user's file), which is then deleted, never appended through, and the download starts afresh.
         */
        private long resumable(Path part) throws IOException, ServiceException {
            BasicFileAttributes a;
            try {
                a = Files.readAttributes(part, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException none) {
                return 0;
            }
            if (a.isRegularFile() && PrivateFolders.ownedByMe(part)) {
                return a.size();
            }
            LOG.warning(() -> "Download " + name + ": " + part + " is " + (a.isSymbolicLink() ? "a link" : a.isDirectory()
                    ? "a folder" : "not a file of this user's") + ", not the part this client left; it is removed and the "
                    + "download starts afresh");
            if (a.isDirectory()) {
                throw new ServiceException(FailureKind.INVALID_INPUT, part + " is a folder; the download cannot go there.");
            }
            Files.delete(part); // the link itself, not what it points to
            return 0;
        }

        // ---------------------------------------------------------------- progress

        void moved(long position) throws Stopped {
            transferred = position;
            lastMove = System.nanoTime();
            if (stop) {
                throw new Stopped();
            }
            report(false);
        }

        /**
         * Starts (true) or ends (false) watching the calling thread's attempt for silence.
         *
         * @return whether the watchdog gave the attempt's connection up (its interrupt is cleared)
         */
        private boolean watch(boolean on) {
            synchronized (watch) {
                boolean silent = silenced;
                silenced = false;
                watched = on ? Thread.currentThread() : null;
                lastMove = System.nanoTime();
                if (silent) {
                    Thread.interrupted(); // ours, not the user's: the attempt is over
                }
                return silent;
            }
        }

        /** Called by the watchdog: interrupts the watched attempt when no byte moved for {@code limit} ns. */
        void giveUpIfSilent(long now, long limit) {
            synchronized (watch) {
                if (watched != null && !silenced && now - lastMove > limit) {
                    silenced = true;
                    LOG.fine(() -> "Transfer " + id + ": no data for " + (now - lastMove) / 1_000_000 + " ms; giving the connection up");
                    watched.interrupt(); // the JDK's HTTP client then cancels the exchange
                }
            }
        }

        private void report(boolean always) {
            long now = System.nanoTime();
            synchronized (samples) {
                samples.addLast(new long[] { now, transferred });
                while (samples.size() > 2 && now - samples.peekFirst()[0] > 3_000_000_000L) {
                    samples.removeFirst();
                }
                if (!always && now - lastReport < 100_000_000L) {
                    return;
                }
                lastReport = now;
            }
            try {
                owner.events.execute(() -> listeners.forEach(l -> {
                    try {
                        l.changed(this);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "A transfer listener failed", e);
                    }
                }));
            } catch (RejectedExecutionException closed) {
                // closing
            }
        }

        @Override
        public double bytesPerSecond() {
            if (state != State.RUNNING) {
                return 0;
            }
            synchronized (samples) {
                if (samples.size() < 2) {
                    return 0;
                }
                long[] first = samples.peekFirst();
                long[] last = samples.peekLast();
                double seconds = (last[0] - first[0]) / 1e9;
                return seconds <= 0 ? 0 : Math.max(0, (last[1] - first[1]) / seconds);
            }
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Direction direction() {
            return direction;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public String conversation() {
            return conversation;
        }

        @Override
        public boolean group() {
            return group;
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public State state() {
            return state;
        }

        @Override
        public long transferred() {
            return transferred;
        }

        @Override
        public long total() {
            return total;
        }

        @Override
        public ServiceException failure() {
            return failure;
        }

        @Override
        public CompletableFuture<FileMessage> finished() {
            return finished;
        }

        @Override
        public boolean verified() {
            return verified;
        }

        @Override
        public void addListener(TransferListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
        }

        @Override
        public void removeListener(TransferListener listener) {
            listeners.remove(listener);
        }

        @Override
        public String toString() {
            return direction + " " + name + " " + state + " " + transferred + "/" + total;
        }
    }

    /** Counts the bytes through a stream for the progress, and stops it when the user pauses. */
    private static final class Counting extends FilterInputStream {
        private final Job job;
        private long position;

        Counting(InputStream in, Job job, long start) {
            super(in);
            this.job = job;
            this.position = start;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (job.stop) {
                throw new Stopped();
            }
            int n = super.read(b, off, len);
            if (n > 0) {
                position += n;
                job.moved(position);
            }
            return n;
        }
    }
}
