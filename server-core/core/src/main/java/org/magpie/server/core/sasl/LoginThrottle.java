package org.magpie.server.core.sasl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts failed logins per remote address and per account in a sliding window; once either
 * reaches its limit, further attempts are refused until old failures age out. A success clears
 * the account's count. The address limit is higher: on an intranet many people may share one
 * address (NAT, a terminal server), and one of them mistyping must not lock out the others.
 */
public final class LoginThrottle {

    /** Bounds memory under a flood of distinct usernames; expired entries go first. */
    private static final int MAX_KEYS = 100_000;

    private final int maxPerAccount;
    private final int maxPerAddress;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    public LoginThrottle(int maxPerAccount, int maxPerAddress, Duration window, Clock clock) {
        this.maxPerAccount = maxPerAccount;
        this.maxPerAddress = maxPerAddress;
        this.window = window;
        this.clock = clock;
    }

    /** How long the caller must wait, or zero when the attempt may go ahead. */
    public Duration retryAfter(String address, String username) {
        Duration a = wait("addr:" + address, maxPerAddress);
        Duration u = username == null ? Duration.ZERO : wait("user:" + username, maxPerAccount);
        return a.compareTo(u) >= 0 ? a : u;
    }

    public void failed(String address, String username) {
        record("addr:" + address, maxPerAddress);
        if (username != null) {
            record("user:" + username, maxPerAccount);
        }
    }

    public void succeeded(String username) {
        failures.remove("user:" + username);
    }

    private Duration wait(String key, int maxFailures) {
        Deque<Instant> times = failures.get(key);
        if (times == null || maxFailures <= 0) {
            return Duration.ZERO;
        }
        synchronized (times) {
            prune(times);
            if (times.size() < maxFailures) {
                return Duration.ZERO;
            }
            Instant oldest = times.peekFirst();
            return Duration.between(clock.instant(), oldest.plus(window));
        }
    }

    private void record(String key, int maxFailures) {
        if (failures.size() >= MAX_KEYS) {
            failures.values().removeIf(times -> {
                synchronized (times) {
                    prune(times);
                    return times.isEmpty();
                }
            });
        }
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            prune(times);
            times.addLast(clock.instant());
            while (times.size() > Math.max(maxFailures, 1)) {
                times.removeFirst();
            }
        }
    }

    private void prune(Deque<Instant> times) {
        Instant limit = clock.instant().minus(window);
        while (!times.isEmpty() && !times.peekFirst().isAfter(limit)) {
            times.removeFirst();
        }
    }
}
