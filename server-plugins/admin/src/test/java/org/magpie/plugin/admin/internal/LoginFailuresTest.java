package org.magpie.plugin.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;

class LoginFailuresTest {

    /** A clock the test moves by hand. */
    private static final class Hand extends Clock {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void failuresAddUpWithinTheWindowAndAreForgottenAfterIt() {
        Hand clock = new Hand();
        LoginFailures f = new LoginFailures(3, Duration.ofMinutes(5), clock);
        f.failed("10.0.0.1");
        f.failed("10.0.0.1");
        assertFalse(f.blocked("10.0.0.1"));
        f.failed("10.0.0.1");
        assertTrue(f.blocked("10.0.0.1"));
        assertFalse(f.blocked("10.0.0.2"), "per address");
        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertFalse(f.blocked("10.0.0.1"));
        assertEquals(0, f.count("10.0.0.1"));
    }

    @Test
    void failuresFromManyThreadsAtOnceAreAllCounted() throws Exception {
        LoginFailures f = new LoginFailures(1_000_000, Duration.ofMinutes(5), Clock.systemUTC());
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 5000; i++) {
                    f.failed("10.0.0.9");
                    f.blocked("10.0.0.9");
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(40_000, f.count("10.0.0.9"));
    }
}
