package org.magpie.server.core.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/**
 * Server-side XEP-0199 pings for one bound session. After {@code idle} without a byte from the client
 * the server asks it for a pong; if nothing at all arrives within {@code answer} after that, the
 * connection is taken for dead (a half-open TCP connection, a laptop gone to sleep) and
 * {@code silent} runs, which closes the stream so the user goes offline for their contacts.
 *
 * <p>A pong also proves that the client has read everything sent before the ping (one stream, in
 * order): {@link #ping()} offers that to whoever needs it.
 */
public final class KeepAlive {

    /** Idle time before a ping, and how long its answer may take. */
    public record Settings(Duration idle, Duration answer) {
        public Settings {
            if (idle.isNegative() || idle.isZero() || answer.isNegative() || answer.isZero()) {
                throw new IllegalArgumentException("ping times must be positive: " + idle + ", " + answer);
            }
        }
    }

    private record Pending(long sentAt, CompletableFuture<Void> answered) {
    }

    private static final String ID_PREFIX = "magpie-ping-";

    private final Settings settings;
    private final ScheduledExecutorService timer;
    private final Consumer<Element> send;
    private final Runnable silent;
    private final BooleanSupplier readingSuspended;
    private final LongSupplier clock;
    private final AtomicLong ids = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile long lastHeard;
    private volatile ScheduledFuture<?> checks;
    private volatile boolean stopped;

    /**
     * @param send             sends a ping IQ to the client
     * @param silent           called once when the client has not answered in time
     * @param readingSuspended whether the server itself has stopped reading the client (then its silence is ours)
     */
    public KeepAlive(Settings settings, ScheduledExecutorService timer, Consumer<Element> send, Runnable silent,
            BooleanSupplier readingSuspended) {
        this(settings, timer, send, silent, readingSuspended, System::nanoTime);
    }

    KeepAlive(Settings settings, ScheduledExecutorService timer, Consumer<Element> send, Runnable silent,
            BooleanSupplier readingSuspended, LongSupplier clock) {
        this.settings = settings;
        this.timer = timer;
        this.send = send;
        this.silent = silent;
        this.readingSuspended = readingSuspended;
        this.clock = clock;
        this.lastHeard = clock.getAsLong();
    }

    /** Something arrived from the client. Cheap: called for every read. */
    public void heard() {
        lastHeard = clock.getAsLong();
    }

    /** Starts watching (once the session is bound and so can be addressed). */
    public void start() {
        if (stopped || checks != null) {
            return;
        }
        heard();
        long every = Math.max(100, Math.min(settings.idle().toMillis(), settings.answer().toMillis()) / 3);
        checks = timer.scheduleWithFixedDelay(this::check, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * The connection is gone but the session may come back on another (stream management): no pings
     * until {@link #start} again; pings still waiting fail.
     */
    public void pause() {
        ScheduledFuture<?> c = checks;
        checks = null;
        if (c != null) {
            c.cancel(false);
        }
        pending.values().forEach(p -> p.answered().completeExceptionally(new CancellationException("connection gone")));
        pending.clear();
    }

    /** The session is over: no more pings; pings still waiting fail with a {@link CancellationException}. */
    public void stop() {
        stopped = true;
        ScheduledFuture<?> c = checks;
        if (c != null) {
            c.cancel(false);
        }
        pending.values().forEach(p -> p.answered().completeExceptionally(new CancellationException("session closed")));
        pending.clear();
    }

    /**
     * Pings the client now. The stage completes when it answers (which proves it has read everything
     * sent to it before), and fails when the session ends first.
     */
    public CompletionStage<Void> ping() {
        CompletableFuture<Void> answered = new CompletableFuture<>();
        if (stopped) {
            answered.completeExceptionally(new CancellationException("session closed"));
            return answered;
        }
        String id = ID_PREFIX + ids.incrementAndGet();
        pending.put(id, new Pending(clock.getAsLong(), answered));
        send.accept(Element.builder("iq", Namespaces.CLIENT).attribute("type", IqType.GET.xmlName()).attribute("id", id)
                .child(Element.of("ping", Namespaces.PING)).build());
        return answered;
    }

    /**
     * Whether this stanza from the client answers one of our pings (a result or an error: either
     * shows it is there); if so it is consumed here. An answer also answers every earlier ping.
     */
    public boolean answered(Element stanza) {
        String id = stanza.attribute("id");
        if (id == null || !id.startsWith(ID_PREFIX) || !stanza.is("iq", Namespaces.CLIENT)) {
            return false;
        }
        boolean resultOrError = IqType.of(stanza.attribute("type")).filter(t -> !t.isRequest()).isPresent();
        if (!resultOrError) {
            return false;
        }
        Pending answer = pending.remove(id);
        if (answer == null) {
            return true; // a late answer to a ping already given up on: ours all the same
        }
        pending.entrySet().removeIf(e -> {
            if (e.getValue().sentAt() - answer.sentAt() <= 0) {
                e.getValue().answered().complete(null);
                return true;
            }
            return false;
        });
        answer.answered().complete(null);
        return true;
    }

    /** One look at the clock; the timer calls it a few times per answer time. */
    void check() {
        if (stopped) {
            return;
        }
        long now = clock.getAsLong();
        if (readingSuspended.getAsBoolean()) {
            lastHeard = now; // the client may well be talking: we are the ones not listening
            return;
        }
        long heard = lastHeard;
        long answerNanos = settings.answer().toNanos();
        boolean unanswered = false;
        boolean askedSinceHeard = false;
        for (Map.Entry<String, Pending> e : pending.entrySet()) {
            Pending p = e.getValue();
            if (p.sentAt() - heard >= 0) {
                askedSinceHeard = true;
                unanswered |= now - p.sentAt() >= answerNanos;
            } else if (now - p.sentAt() >= answerNanos && pending.remove(e.getKey(), p)) {
                // the client is there but did not answer this one: it proves nothing, and is not kept
                p.answered().completeExceptionally(new TimeoutException("no answer to " + e.getKey()));
            }
        }
        if (unanswered) {
            pause(); // the session ends, or (stream management) waits for its client on another connection
            silent.run();
        } else if (!askedSinceHeard && now - heard >= settings.idle().toNanos()) {
            ping();
        }
    }
}
