package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * How the services' parts run work off the caller's thread and tell their listeners: the one place
 * for turning failures into {@link ServiceException}s and for what happens once a service is closed.
 */
public final class Async {

    private static final Logger LOG = Logger.getLogger(Async.class.getName());

    /** Work that talks to the server and may fail. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    /** Work with a result that talks to the server and may fail. */
    @FunctionalInterface
    public interface Supply<T> {
        T get() throws Exception;
    }

    private Async() {
    }

    /** Runs {@code task} on {@code work}; a failure completes {@code result} with the {@link Failures#map mapped} exception. */
    public static void submit(Executor work, CompletableFuture<?> result, Operation operation, Work task) {
        submit(work, result, e -> Failures.map(e, operation), task);
    }

    /**
     * Runs {@code task} on {@code work}; a failure completes {@code result} with {@code failure}'s
     * exception for it, an Error (a class missing at run time) with OTHER, so that no caller waits
     * forever, and a closed executor with OTHER too.
     */
    public static void submit(Executor work, CompletableFuture<?> result, Function<Exception, ServiceException> failure,
            Work task) {
        try {
            work.execute(() -> {
                try {
                    task.run();
                } catch (Exception e) {
                    interrupted(e);
                    result.completeExceptionally(failure.apply(e));
                } catch (Error e) {
                    result.completeExceptionally(new ServiceException(FailureKind.OTHER, null, e));
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ServiceException(FailureKind.OTHER, "The service was closed."));
        }
    }

    /** {@link #submit} for work with a result: the future it completes. */
    public static <T> CompletableFuture<T> supply(Executor work, Function<Exception, ServiceException> failure, Supply<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(work, result, failure, () -> result.complete(task.get()));
        return result;
    }

    /** Runs {@code task} on {@code work} unless the service is closing (then it is dropped). */
    public static void execute(Executor work, Runnable task) {
        try {
            work.execute(task);
        } catch (RejectedExecutionException closing) {
            LOG.fine("Service closed; task dropped");
        }
    }

    /** Tells every listener on {@code events}, in order; one listener's failure does not stop the others. */
    public static <L> void emit(Executor events, List<L> listeners, Consumer<L> call, String what) {
        try {
            events.execute(() -> {
                for (L l : listeners) {
                    try {
                        call.accept(l);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "A " + what + " listener failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.fine("Service closed; " + what + " event dropped");
        }
    }

    /** Keeps the thread's interrupt when {@code e} was one (the work catching it ends anyway). */
    public static void interrupted(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }

    /** Daemon threads named {@code name-1}, {@code name-2}, ... */
    public static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The part of an address before '@' (all of it when there is none). */
    public static String localpart(String address) {
        if (address == null) {
            return "";
        }
        int at = address.indexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }
}
