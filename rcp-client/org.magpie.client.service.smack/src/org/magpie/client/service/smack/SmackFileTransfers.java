package org.magpie.client.service.smack;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;
import org.magpie.client.service.TransferListener;
import org.magpie.client.service.smack.internal.Async;
import org.magpie.client.service.smack.internal.DownloadJob;
import org.magpie.client.service.smack.internal.FileHttp;
import org.magpie.client.service.smack.internal.FileMessages;
import org.magpie.client.service.smack.internal.FilesSession;
import org.magpie.client.service.smack.internal.PrivateFolders;
import org.magpie.client.service.smack.internal.TransferContext;
import org.magpie.client.service.smack.internal.TransferJob;
import org.magpie.client.service.smack.internal.TransferRecord;
import org.magpie.client.service.smack.internal.TransferStore;
import org.magpie.client.service.smack.internal.UploadJob;
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

    private static final AtomicInteger INSTANCES = new AtomicInteger();
    /** Files of at most this size are their own preview when the server made none. */
    private static final long SMALL_IMAGE = 4L << 20;

    private final SmackMessagingService messaging;
    private final FileHttp http;
    private final FileMessages messages;
    private final TransferContext context;
    private final ExecutorService work;
    private final ScheduledExecutorService watchdog;
    private final ExecutorService events;
    /** Transfers of this run, by id. */
    private final Map<String, TransferJob> jobs = new ConcurrentHashMap<>();
    private final Path viewing;
    private final MessagingListener online = new MessagingListener() {
        @Override
        public void stateChanged(ConnectionState state) {
            if (state == ConnectionState.ONLINE) {
                messages.listen();
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
        this.viewing = stateDir.toAbsolutePath().resolveSibling("images");
        Objects.requireNonNull(patience, "patience");
        int n = INSTANCES.incrementAndGet();
        this.work = Executors.newCachedThreadPool(Async.daemon("magpie-files-" + n + "-work"));
        this.events = Executors.newSingleThreadExecutor(Async.daemon("magpie-files-" + n + "-events"));
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Async.daemon("magpie-files-" + n + "-watchdog"));
        FilesSession session = new Session(messaging);
        this.http = new FileHttp(session, work);
        this.messages = new FileMessages(session);
        this.context = new TransferContext(session, http, messages, new TransferStore(stateDir), patience, work, events,
                jobs::remove);
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
        messages.listen();
    }

    /** The messaging service's session, as the transfers see it. */
    private record Session(SmackMessagingService messaging) implements FilesSession {
        @Override
        public XMPPTCPConnection connection() throws ServiceException {
            return messaging.filesConnection();
        }

        @Override
        public ServerAddress server() throws ServiceException {
            return messaging.filesServer();
        }

        @Override
        public String account() {
            return messaging.account();
        }

        @Override
        public String nickname() {
            return messaging.nickname();
        }

        @Override
        public TrustStore trustStore() {
            return messaging.trustStore();
        }
    }

    // ================================================================== FileTransfers

    @Override
    public Transfer send(String to, boolean group, Path file, TransferListener listener) {
        String name = file == null || file.getFileName() == null ? "file" : file.getFileName().toString();
        return start(new UploadJob(context, UUID.randomUUID().toString(), to, group, file, name, null, null), listener);
    }

    @Override
    public Transfer download(FileMessage file, String from, boolean group, Path target, TransferListener listener) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(target, "target");
        return start(new DownloadJob(context, UUID.randomUUID().toString(), from, group, target, file), listener);
    }

    private Transfer start(TransferJob job, TransferListener listener) {
        if (listener != null) {
            job.addListener(listener);
        }
        jobs.put(job.id(), job);
        job.resume();
        return job;
    }

    @Override
    public CompletableFuture<Void> forward(FileMessage file, String to, boolean group) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (file == null || to == null || to.isBlank()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        Async.submit(work, result, FileHttp::failure, () -> {
            http.openTo(file.url(), to.strip());
            messages.send(file, to.strip(), group);
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
        FileMessage known = messages.heard(u);
        if (known != null && known.size() >= 0 && known.sha256() != null) {
            result.complete(known);
            return result;
        }
        Async.submit(work, result, FileHttp::failure, () -> {
            HttpResponse<Void> head = http.fetch(u, u, group, b -> b.method("HEAD", HttpRequest.BodyPublishers.noBody()),
                    HttpResponse.BodyHandlers.discarding());
            http.check(head, u);
            FileMessage served = FileHttp.fromHeaders(u, head);
            FileMessage f = known == null ? served : known.completedBy(served);
            messages.learned(f);
            result.complete(f);
        });
        return result;
    }

    @Override
    public CompletableFuture<byte[]> thumbnail(FileMessage file, String from, boolean group) {
        return Async.supply(work, FileHttp::failure, () -> {
            String url = file.thumbnailUrl();
            if (url == null) {
                if (!file.isImage() || file.size() > SMALL_IMAGE || file.size() < 0) {
                    throw new ServiceException(FailureKind.UNAVAILABLE, "No preview of " + file.name());
                }
                url = file.url();
            }
            HttpResponse<byte[]> r = http.fetch(file.url(), url, group, HttpRequest.Builder::GET,
                    HttpResponse.BodyHandlers.ofByteArray());
            http.check(r, file.url());
            return r.body();
        });
    }

    @Override
    public List<Transfer> unfinished() {
        String account = messaging.account();
        if (account == null) {
            return List.of();
        }
        List<Transfer> result = new ArrayList<>();
        for (TransferRecord r : context.store().of(account)) {
            TransferJob job = jobs.computeIfAbsent(r.id(), k -> TransferJob.restore(context, r));
            if (job.state() == Transfer.State.PAUSED || job.state() == Transfer.State.RUNNING) {
                result.add(job);
            }
        }
        return result;
    }

    @Override
    public boolean isServerFile(String url) {
        return http.isServerFile(url);
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
}
