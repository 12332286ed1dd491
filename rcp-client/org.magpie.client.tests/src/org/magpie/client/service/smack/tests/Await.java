package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.magpie.client.service.ServiceException;

/** Waiting for the service's futures. */
final class Await {

    static final Duration WAIT = Duration.ofSeconds(30);

    private Await() {
    }

    static <T> T done(CompletableFuture<T> future) throws Exception {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("operation failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("operation did not finish within " + WAIT, e);
        }
    }

    static ServiceException failure(CompletableFuture<?> future) throws Exception {
        try {
            Object value = future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            return fail("expected a failure, got " + value);
        } catch (ExecutionException e) {
            return assertInstanceOf(ServiceException.class, e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("operation did not finish within " + WAIT, e);
        }
    }
}
