package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/** Driven by a hand-moved clock and by hand-run checks. */
class KeepAliveTest {

    private static final long SECOND = 1_000_000_000L;

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong now = new AtomicLong(1000 * SECOND);
    private final List<Element> sent = new ArrayList<>();
    private final AtomicInteger silent = new AtomicInteger();
    private final AtomicBoolean suspended = new AtomicBoolean();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private KeepAlive keepAlive() {
        return new KeepAlive(new KeepAlive.Settings(Duration.ofSeconds(60), Duration.ofSeconds(30)), timer,
                e -> {
                    synchronized (sent) {
                        sent.add(e);
                    }
                }, silent::incrementAndGet, suspended::get, now::get);
    }

    /** What the timer would do (it is never started here: the test decides when time passes). */
    private static void check(KeepAlive k) {
        k.check();
    }

    private int pings() {
        synchronized (sent) {
            return sent.size();
        }
    }

    private static Element pong(Element ping) {
        return Element.builder("iq", Namespaces.CLIENT).attribute("type", "result").attribute("id", ping.attribute("id")).build();
    }

    @Test
    void aSilentClientIsPingedAndWithoutAnAnswerTakenForDead() throws Exception {
        KeepAlive k = keepAlive();
        now.addAndGet(59 * SECOND);
        check(k);
        assertEquals(0, pings());
        now.addAndGet(2 * SECOND);
        check(k);
        check(k);
        assertEquals(1, pings(), "one ping per silence");
        assertTrue(sent.get(0).child("ping", Namespaces.PING).isPresent());
        now.addAndGet(29 * SECOND);
        check(k);
        assertEquals(0, silent.get());
        now.addAndGet(2 * SECOND);
        check(k);
        assertEquals(1, silent.get());
    }

    @Test
    void anyByteOrThePongKeepsItAlive() throws Exception {
        KeepAlive k = keepAlive();
        now.addAndGet(61 * SECOND);
        check(k);
        assertEquals(1, pings());
        now.addAndGet(10 * SECOND);
        k.heard();
        assertTrue(k.answered(pong(sent.get(0))));
        now.addAndGet(40 * SECOND);
        check(k);
        assertEquals(0, silent.get());
        assertEquals(1, pings(), "not idle long enough for the next ping");
        assertFalse(k.answered(Element.builder("iq", Namespaces.CLIENT).attribute("type", "result").attribute("id", "other").build()));
    }

    @Test
    void whileTheServerDoesNotReadTheClientIsNotSilent() throws Exception {
        KeepAlive k = keepAlive();
        suspended.set(true);
        now.addAndGet(200 * SECOND);
        check(k);
        suspended.set(false);
        now.addAndGet(30 * SECOND);
        check(k);
        assertEquals(0, pings());
        assertEquals(0, silent.get());
    }

    @Test
    void aPongAnswersEveryEarlierPingAndStoppingFailsTheRest() throws Exception {
        KeepAlive k = keepAlive();
        CompletableFuture<Void> first = k.ping().toCompletableFuture();
        now.addAndGet(SECOND);
        CompletableFuture<Void> second = k.ping().toCompletableFuture();
        now.addAndGet(SECOND);
        CompletableFuture<Void> third = k.ping().toCompletableFuture();
        assertTrue(k.answered(pong(sent.get(1))));
        assertTrue(first.isDone() && !first.isCompletedExceptionally());
        assertTrue(second.isDone() && !second.isCompletedExceptionally());
        assertFalse(third.isDone());
        k.stop();
        assertTrue(third.isCompletedExceptionally());
        assertTrue(k.ping().toCompletableFuture().isCompletedExceptionally());
    }
}
