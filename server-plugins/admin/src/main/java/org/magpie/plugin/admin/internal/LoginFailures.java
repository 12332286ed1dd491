package org.magpie.plugin.admin.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Failed console logins per client address within a sliding window. Only a wrong name or password
 * counts: a request without credentials (every browser's first request) is no failure. Requests run
 * on many threads at once, so every read and change holds the one lock.
 */
final class LoginFailures {

    private final int max;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> byAddress = new HashMap<>();

    LoginFailures(int max, Duration window, Clock clock) {
        this.max = max;
        this.window = window;
        this.clock = clock;
    }

    /** Whether the address has used up its failures for now. */
    synchronized boolean blocked(String address) {
        Deque<Instant> d = byAddress.get(address);
        if (d == null) {
            return false;
        }
        forgetOld(address, d);
        return d.size() >= max;
    }

    synchronized void failed(String address) {
        Deque<Instant> d = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        d.addLast(clock.instant());
        forgetOld(address, d);
    }

    /** Failures of the address now in the window. */
    synchronized int count(String address) {
        Deque<Instant> d = byAddress.get(address);
        if (d == null) {
            return 0;
        }
        forgetOld(address, d);
        return d.size();
    }

    int max() {
        return max;
    }

    Duration window() {
        return window;
    }

    private void forgetOld(String address, Deque<Instant> d) {
        Instant since = clock.instant().minus(window);
        while (!d.isEmpty() && d.peekFirst().isBefore(since)) {
            d.removeFirst();
        }
        if (d.isEmpty()) {
            byAddress.remove(address);
        }
    }
}
