package org.magpie.plugin.auth.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import org.magpie.server.api.text.LocalizedText;
import org.junit.jupiter.api.Test;

class RegistrationLimiterTest {

    /** A clock the test moves. */
    private static final class Manual extends Clock {
        Instant now = Instant.parse("2026-01-01T08:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void anAddressGetsItsPlacesPerHourAndOthersTheirOwn() {
        Manual clock = new Manual();
        RegistrationLimiter limiter = new RegistrationLimiter(clock);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.acquire("10.0.0.1", 3, 100).isEmpty());
        }
        LocalizedText refused = limiter.acquire("10.0.0.1", 3, 100).orElseThrow();
        assertTrue(refused.english().contains("your address") && refused.english().contains("at most 3"), refused.english());
        assertTrue(refused.in("zh").contains("3"), refused.in("zh"));
        assertTrue(limiter.acquire("10.0.0.2", 3, 100).isEmpty(), "another address");
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertTrue(limiter.acquire("10.0.0.1", 3, 100).isEmpty(), "an hour later");
    }

    @Test
    void theTotalCountsEveryAddress() {
        Manual clock = new Manual();
        RegistrationLimiter limiter = new RegistrationLimiter(clock);
        for (int i = 0; i < 5; i++) {
            assertTrue(limiter.acquire("10.0.1." + i, 3, 5).isEmpty());
        }
        LocalizedText refused = limiter.acquire("10.0.1.99", 3, 5).orElseThrow();
        assertTrue(refused.english().contains("on this server"), refused.english());
        clock.now = clock.now.plus(Duration.ofMinutes(61));
        assertTrue(limiter.acquire("10.0.1.99", 3, 5).isEmpty());
    }

    @Test
    void aFailedRegistrationGivesItsPlaceBackAndZeroMeansNoLimit() {
        RegistrationLimiter limiter = new RegistrationLimiter(new Manual());
        assertTrue(limiter.acquire("10.0.0.1", 1, 0).isEmpty());
        limiter.release("10.0.0.1");
        assertTrue(limiter.acquire("10.0.0.1", 1, 0).isEmpty());
        assertTrue(limiter.acquire("10.0.0.1", 1, 0).isPresent());
        for (int i = 0; i < 50; i++) {
            assertTrue(limiter.acquire("10.0.0.2", 0, 0).isEmpty());
        }
    }
}
