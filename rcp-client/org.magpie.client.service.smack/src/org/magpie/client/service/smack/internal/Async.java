package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * How the service's parts run work off the caller's thread and tell their listeners: one place
 * for the error mapping and for what happens once the service is closed.
 */
final class Async {

    private static final Logger LOG = Logger.getLogger(Async.class.getName());

    /** Work that talks to the server and may fail. */
    @FunctionalInterface
    interface Work {
        void run() throws Exception;
    }

    private Async() {
    }

    /** Runs {@code task} on {@code work}; a failure completes {@code result} with the mapped {@link ServiceException}. */
    static void submit(Executor work, CompletableFuture<?> result, Operation operation, Work task) {
        try {
            work.execute(() -> {
                try {
                    task.run();
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    result.completeExceptionally(Failures.map(e, operation));
                } catch (Error e) {
                    result.completeExceptionally(new ServiceException(FailureKind.OTHER, null, e));
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ServiceException(FailureKind.OTHER, "The messaging service was closed."));
        }
    }

    /** Tells every listener on {@code events}, in order; one listener's failure does not stop the others. */
    static <L> void emit(Executor events, List<L> listeners, Consumer<L> call, String what) {
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

    /** The part of an address before '@' (all of it when there is none). */
    static String localpart(String address) {
        if (address == null) {
            return "";
        }
        int at = address.indexOf('@');
        return at < 0 ? address : address.substring(0, at);
    }
}
