package org.magpie.server.core.sasl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final Clock clock = new Clock() {
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
    };

    @Test
    void accountIsLockedAfterTooManyFailuresFromAnyAddressUntilTheWindowPasses() {
        LoginThrottle throttle = new LoginThrottle(3, 10, Duration.ofMinutes(5), clock);
        throttle.failed("10.0.0.1", "alice");
        throttle.failed("10.0.0.2", "alice");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.3", "alice"));
        throttle.failed("10.0.0.3", "alice");
        assertTrue(throttle.retryAfter("10.0.0.4", "alice").toMinutes() >= 4, "alice is locked from everywhere");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.4", "bob"), "bob is not");
        now = now.plus(Duration.ofMinutes(5)).plusSeconds(1);
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.4", "alice"));
    }

    @Test
    void addressIsLockedAfterGuessingManyAccounts() {
        LoginThrottle throttle = new LoginThrottle(10, 3, Duration.ofMinutes(5), clock);
        throttle.failed("10.0.0.9", "a");
        throttle.failed("10.0.0.9", "b");
        throttle.failed("10.0.0.9", "c");
        assertTrue(throttle.retryAfter("10.0.0.9", "d").compareTo(Duration.ZERO) > 0);
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.8", "d"));
    }

    @Test
    void successClearsTheAccountCount() {
        LoginThrottle throttle = new LoginThrottle(2, 10, Duration.ofMinutes(5), clock);
        throttle.failed("10.0.0.1", "alice");
        throttle.succeeded("alice");
        throttle.failed("10.0.0.2", "alice");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.3", "alice"));
    }
}
