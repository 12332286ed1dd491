package org.magpie.client.service.smack.internal;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.magpie.client.service.SessionEnd;

/** When a lost connection is tried again (exponential backoff), and when the session ends instead. */
final class Reconnection {

    private static final Logger LOG = Logger.getLogger(Reconnection.class.getName());

    private final Backoff backoff;
    private final ScheduledExecutorService timer;
    private final Executor work;

    Reconnection(Backoff backoff, ScheduledExecutorService timer, Executor work) {
        this.backoff = backoff;
        this.timer = timer;
        this.work = work;
    }

    /** Runs {@code attempt} on the work threads after the pause for {@code failures} failed attempts; null when closing. */
    ScheduledFuture<?> schedule(String account, int failures, Runnable attempt) {
        Duration delay = backoff.delay(failures);
        LOG.fine(() -> "Reconnecting " + account + " in " + delay.toMillis() + " ms");
        try {
            return timer.schedule(() -> Async.execute(work, attempt), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return null;
        }
    }

    /**
     * The end of the session that the connection's end means (the server's stream error: logged
     * in elsewhere, account removed, ended by an administrator), or null when reconnecting is right.
     */
    static SessionEnd endBy(Exception e) {
        if (!(e instanceof StreamErrorException se)) {
            return null;
        }
        return switch (se.getStreamError().getCondition()) {
            case conflict -> SessionEnd.LOGGED_IN_ELSEWHERE;
            case not_authorized -> SessionEnd.ACCOUNT_REMOVED;
            case policy_violation -> SessionEnd.ENDED_BY_ADMINISTRATOR;
            default -> null;
        };
    }
}
