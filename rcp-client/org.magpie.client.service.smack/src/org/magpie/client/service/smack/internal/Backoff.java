package org.magpie.client.service.smack.internal;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Pauses between reconnection attempts: first, 2 × first, 4 × first ... up to max, each with up to
 * ±20 % jitter (so that the clients of a restarted server do not all come back in the same second),
 * never above max.
 */
public record Backoff(Duration first, Duration max) {

    static final double JITTER = 0.2;

    /** The pause before attempt number {@code failures + 1}, after {@code failures} failed ones. */
    public Duration delay(int failures) {
        return withJitter(nominal(failures), ThreadLocalRandom.current().nextDouble(-1, 1));
    }

    /** The pause without jitter: first × 2^failures, at most max. */
    public Duration nominal(int failures) {
        long firstMillis = Math.max(1, first.toMillis());
        int shift = Math.min(Math.max(failures, 0), 30);
        long millis = firstMillis << shift;
        if (millis / firstMillis != 1L << shift) { // overflow
            millis = max.toMillis();
        }
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }

    /** nominal × (1 + JITTER × r), r in [-1, 1], at most max. */
    Duration withJitter(Duration nominal, double r) {
        long millis = Math.round(nominal.toMillis() * (1 + JITTER * r));
        return Duration.ofMillis(Math.max(0, Math.min(millis, max.toMillis())));
    }
}
