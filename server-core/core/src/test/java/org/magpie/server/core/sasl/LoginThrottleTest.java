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

    private LoginThrottle throttle(int perAccount, int perAddress) {
        return new LoginThrottle(new LoginThrottle.Policy(perAccount, perAddress, Duration.ofSeconds(1), Duration.ofMinutes(5),
                Duration.ofMinutes(15)), clock);
    }

    @Test
    void delaysGrowWithEachFailureUpToTheCap() {
        LoginThrottle throttle = throttle(2, 100);
        throttle.failed("10.0.0.9", "alice");
        throttle.failed("10.0.0.9", "alice");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.9", "alice"), "the free attempts");
        throttle.failed("10.0.0.9", "alice");
        assertEquals(Duration.ofSeconds(1), throttle.retryAfter("10.0.0.9", "alice"));
        throttle.failed("10.0.0.9", "alice");
        assertEquals(Duration.ofSeconds(2), throttle.retryAfter("10.0.0.9", "alice"));
        throttle.failed("10.0.0.9", "alice");
        assertEquals(Duration.ofSeconds(4), throttle.retryAfter("10.0.0.9", "alice"));
        for (int i = 0; i < 20; i++) {
            throttle.failed("10.0.0.9", "alice");
        }
        assertEquals(Duration.ofMinutes(5), throttle.retryAfter("10.0.0.9", "alice"), "capped");
        now = now.plusSeconds(299);
        assertEquals(Duration.ofSeconds(1), throttle.retryAfter("10.0.0.9", "alice"), "a delay, not a lock-out");
    }

    @Test
    void aStrangersFailuresNeverDelayTheUserAtAnAddressTheyLoggedInFrom() {
        LoginThrottle throttle = throttle(3, 10);
        throttle.succeeded("10.0.0.1", "alice"); // her desk
        for (int i = 0; i < 500; i++) {
            throttle.failed("10.0.0." + (100 + i % 100), "alice"); // a guesser on a hundred machines
        }
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "alice"), "alice at her desk");
        assertTrue(throttle.retryAfter("10.0.0.50", "alice").compareTo(Duration.ZERO) > 0,
                "a new machine waits: the account is under attack");
        assertTrue(throttle.retryAfter("10.0.0.50", "alice").compareTo(Duration.ofMinutes(5)) <= 0, "at most the cap");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.50", "bob"), "bob is not touched");
    }

    @Test
    void oneAddressGuessingManyAccountsIsDelayedOthersAreNot() {
        LoginThrottle throttle = throttle(10, 3);
        for (String u : new String[] {"a", "b", "c", "d"}) {
            throttle.failed("10.0.0.9", u);
        }
        assertTrue(throttle.retryAfter("10.0.0.9", "e").compareTo(Duration.ZERO) > 0);
        assertTrue(throttle.retryAfter("10.0.0.9", null).compareTo(Duration.ZERO) > 0, "before the username too");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.8", "e"));
    }

    @Test
    void countsAreForgottenAfterAQuietPeriod() {
        LoginThrottle throttle = throttle(1, 100);
        for (int i = 0; i < 6; i++) {
            throttle.failed("10.0.0.9", "alice");
        }
        now = now.plus(Duration.ofMinutes(16));
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.9", "alice"));
        throttle.failed("10.0.0.9", "alice");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.9", "alice"), "starts from one again");
    }

    @Test
    void successAtAnAddressStartsItsOwnCountAgain() {
        LoginThrottle throttle = throttle(2, 100);
        for (int i = 0; i < 3; i++) {
            throttle.failed("10.0.0.1", "alice");
        }
        throttle.succeeded("10.0.0.1", "alice");
        throttle.failed("10.0.0.1", "alice");
        assertEquals(Duration.ZERO, throttle.retryAfter("10.0.0.1", "alice"));
    }
}
