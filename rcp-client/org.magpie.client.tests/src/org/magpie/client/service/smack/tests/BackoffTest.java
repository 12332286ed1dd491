package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.magpie.client.service.smack.internal.Backoff;

class BackoffTest {

    private final Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    @Test
    void doublesFromOneSecondUpToOneMinute() {
        List<Long> seconds = IntStream.range(0, 9).mapToObj(n -> backoff.nominal(n).toSeconds()).toList();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L), seconds);
        assertEquals(Duration.ofSeconds(60), backoff.nominal(1000));
    }

    @Test
    void jitterStaysWithinTwentyPercentAndTheMaximum() {
        Set<Long> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            long first = backoff.delay(0).toMillis();
            assertTrue(first >= 800 && first <= 1200, "first pause " + first);
            seen.add(first);
            long late = backoff.delay(10).toMillis();
            assertTrue(late >= 48_000 && late <= 60_000, "late pause " + late);
        }
        assertTrue(seen.size() > 10, "pauses vary: " + seen.size());
    }
}
