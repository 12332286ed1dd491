package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FileMessage;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.Transfer;
import org.magpie.client.service.TransferListener;

/**
 * One transfer's life: attempts on a worker thread, retried after a broken connection (up to
 * {@value #RETRIES} times, the pause doubling), paused and resumed by the user, remembered in the
 * {@link TransferStore} while unfinished, and watched for silence (see {@link #giveUpIfSilent}).
 * {@link UploadJob} and {@link DownloadJob} say what one attempt does.
 */
public abstract sealed class TransferJob implements Transfer permits UploadJob, DownloadJob {

    private static final Logger LOG = Logger.getLogger(TransferJob.class.getName());
    /** Automatic attempts after a broken connection before the transfer waits for the user. */
    private static final int RETRIES = 3;

    /** The user paused or cancelled: the running request stops at the next buffer. */
    static final class Stopped extends InterruptedIOException {
        private static final long serialVersionUID = 1L;
    }

    final TransferContext context;
    final String id;
    final String conversation;
    final boolean group;
    final Path file;
    final String name;
    private final List<TransferListener> listeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<FileMessage> finished = new CompletableFuture<>();
    private final Speed speed = new Speed();
    // changed under this job's monitor
    private volatile State state = State.PAUSED;
    volatile long transferred;
    volatile long total = -1;
    private volatile ServiceException failure;
    volatile boolean verified;
    volatile FileMessage meta;
    volatile String account;
    private volatile boolean stop;
    private volatile boolean forget;
    /** Guards the fields below: the watchdog interrupts only the attempt it watches. */
    private final Object watch = new Object();
    /** The thread of the attempt under way while it waits on the network, else null. */
    private Thread watched;
    /** When a byte last moved (or the watched attempt began), System.nanoTime(). */
    private volatile long lastMove;
    /** The watchdog gave this attempt's connection up. */
    private boolean silenced;

    TransferJob(TransferContext context, String id, String conversation, boolean group, Path file, String name) {
        this.context = context;
        this.id = id;
        this.conversation = conversation;
        this.group = group;
        this.file = file;
        this.name = name;
    }

    /** A transfer remembered by an earlier run of the client, PAUSED. */
    public static TransferJob restore(TransferContext context, TransferRecord r) {
        TransferJob j = switch (r.direction()) {
            case UPLOAD -> new UploadJob(context, r.id(), r.conversation(), r.group(), r.file(), r.name(), r.putUrl(), r.getUrl());
            case DOWNLOAD -> new DownloadJob(context, r.id(), r.conversation(), r.group(), r.file(), r.name());
        };
        j.account = r.account();
        j.total = r.total();
        j.transferred = r.transferred();
        j.meta = r.meta();
        return j;
    }

    /** One attempt, from where the last one left off; the file's details once done. */
    abstract FileMessage attempt() throws Exception;

    /** What to keep to continue after a restart. */
    abstract TransferRecord record();

    /** Removes what a cancelled transfer left behind. */
    abstract void discard();

    void save() {
        if (account == null) {
            account = context.session().account();
        }
        context.store().save(record());
    }

    @Override
    public synchronized void resume() {
        if (state == State.RUNNING || state == State.DONE || state == State.CANCELLED) {
            return;
        }
        stop = false;
        failure = null;
        state = State.RUNNING;
        speed.clear();
        report(true);
        try {
            context.work().execute(this::runLoop);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
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

    /** Pauses (or cancels) the transfer: a running attempt stops at its next buffer. */
    public void stop(boolean cancel) {
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
        context.store().delete(id);
        context.forgotten().accept(id);
        discard();
        finished.completeExceptionally(new ServiceException(FailureKind.OTHER, "Cancelled."));
    }

    private void runLoop() {
        int attempt = 0;
        while (true) {
            try {
                watch(true);
                FileMessage result = attempt();
                watch(false);
                synchronized (this) {
                    state = State.DONE;
                }
                context.store().delete(id);
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
                        ? new ServiceException(FailureKind.TIMEOUT, "No data moved for " + context.patience().silence().toSeconds()
                                + " s; the connection was given up after " + transferred + " bytes.", e)
                        : e instanceof ServiceException se ? se : FileHttp.failure(e);
                boolean network = !userStopped && (silent || (e instanceof IOException)
                        && reason.kind() == FailureKind.UNREACHABLE);
                if (network && attempt++ < RETRIES) {
                    LOG.log(Level.FINE, "Transfer " + id + " broke; trying again", e);
                    try {
                        Thread.sleep(context.patience().firstRetry().toMillis() << (attempt - 1));
                    } catch (InterruptedException i) {
                        Thread.currentThread().interrupt();
                    }
                    if (!stop) {
                        continue;
                    }
                }
                ended(userStopped, network, reason);
                return;
            }
        }
    }

    /** An attempt failed for good, or the user stopped it: PAUSED (remembered), FAILED or CANCELLED. */
    private void ended(boolean userStopped, boolean network, ServiceException reason) {
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
            context.store().delete(id);
            finished.completeExceptionally(reason);
        } else {
            save();
        }
        report(true);
    }

    // ---------------------------------------------------------------- progress

    /** Throws {@link Stopped} when the user paused or cancelled. */
    void checkStopped() throws Stopped {
        if (stop) {
            throw new Stopped();
        }
    }

    /** Bytes moved: {@code position} of the file is through. */
    void moved(long position) throws Stopped {
        transferred = position;
        lastMove = System.nanoTime();
        checkStopped();
        report(false);
    }

    /**
     * Starts (true) or ends (false) watching the calling thread's attempt for silence.
     *
     * @return whether the watchdog gave the attempt's connection up (its interrupt is cleared)
     */
    boolean watch(boolean on) {
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
    public void giveUpIfSilent(long now, long limit) {
        synchronized (watch) {
            if (watched != null && !silenced && now - lastMove > limit) {
                silenced = true;
                LOG.fine(() -> "Transfer " + id + ": no data for " + (now - lastMove) / 1_000_000 + " ms; giving the connection up");
                watched.interrupt(); // the JDK's HTTP client then cancels the exchange
            }
        }
    }

    /** Tells the listeners: always, or at most every 100 ms. */
    void report(boolean always) {
        if (!speed.sample(transferred, always)) {
            return;
        }
        Async.emit(context.events(), listeners, l -> l.changed(this), "transfer");
    }

    @Override
    public double bytesPerSecond() {
        return state == State.RUNNING ? speed.bytesPerSecond() : 0;
    }

    // ---------------------------------------------------------------- Transfer

    @Override
    public String id() {
        return id;
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
        return direction() + " " + name + " " + state + " " + transferred + "/" + total;
    }
}
