package org.magpie.server.core.sasl;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows password guessing with delays that grow with each failure, and never locks the real user
 * out. Failures are counted three ways, each with a number of free attempts before delays start:
 * <ul>
 * <li>per address and account: the guesser at one machine waits 1 s, 2 s, 4 s ... (by default) up to the cap
 * between attempts once the free ones are used;</li>
 * <li>per address: one machine trying many accounts (its free count is higher: on an intranet many
 * people may share one address behind NAT or a terminal server);</li>
 * <li>per account from any address: a guesser spread over many machines.</li>
 * </ul>
 * The last two do not apply at an address from which the account has logged in successfully
 * before: a stranger's wrong passwords, from elsewhere, never keep the real user at their own
 * machine waiting. A new address waits at most the cap. The caller asks {@link #retryAfter}
 * before checking a password, so the answer during a delay does not depend on the password.
 * Counts are forgotten after a quiet period; memory is bounded.
 */
public final class LoginThrottle {

    /** The free attempts of each count, the first delay (it doubles), its cap, and how long a quiet count is kept. */
    public record Policy(int freePerAccount, int freePerAddress, Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
        public Policy {
            if (freePerAccount < 0 || freePerAddress < 0 || firstDelay.isNegative() || maxDelay.isNegative()
                    || forgetAfter.isNegative()) {
                throw new IllegalArgumentException("login throttle settings must not be negative");
            }
        }
    }

    /** Bounds memory under a flood of distinct usernames or addresses; quiet entries go first. */
    private static final int MAX_KEYS = 100_000;
    /** Addresses remembered per account as "logged in from here before". */
    private static final int MAX_KNOWN_PER_ACCOUNT = 16;
    /** A distributed attack on one account gets more free attempts than one machine does. */
    private static final int ACCOUNT_FACTOR = 4;

    private final Policy policy;
    private final Clock clock;
    private final Map<String, Count> counts = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> known = new ConcurrentHashMap<>();

    public LoginThrottle(Policy policy, Clock clock) {
        this.policy = policy;
        this.clock = clock;
    }

    /** Failures and the time of the last one; guarded by itself. */
    private static final class Count {
        int failures;
        Instant last;
    }

    /**
     * How long the caller must wait before this attempt may be checked, or zero. Without a username
     * (not known yet), only the address counts.
     */
    public Duration retryAfter(String address, String username) {
        if (username == null) {
            return wait("addr:" + address, policy.freePerAddress());
        }
        Duration result = wait(pair(address, username), policy.freePerAccount());
        if (!isKnown(address, username)) {
            result = max(result, wait("addr:" + address, policy.freePerAddress()));
            result = max(result, wait("user:" + username, policy.freePerAccount() * ACCOUNT_FACTOR));
        }
        return result;
    }

    /** A failed attempt; {@code username} normalised, or null when none was given. */
    public void failed(String address, String username) {
        record("addr:" + address);
        if (username != null) {
            record(pair(address, username));
            record("user:" + username);
        }
    }

    /** A successful login: this address is the account's own from now on; its own count starts again. */
    public void succeeded(String address, String username) {
        counts.remove(pair(address, username));
        if (known.size() >= MAX_KEYS) {
            known.clear(); // rare; the cost is a possible delay for a user at a known address
        }
        Set<String> addresses = known.computeIfAbsent(username, u -> ConcurrentHashMap.newKeySet());
        if (addresses.size() >= MAX_KNOWN_PER_ACCOUNT) {
            addresses.clear();
        }
        addresses.add(address);
    }

    private boolean isKnown(String address, String username) {
        Set<String> addresses = known.get(username);
        return addresses != null && addresses.contains(address);
    }

    private static String pair(String address, String username) {
        return "pair:" + username + '|' + address;
    }

    private Duration wait(String key, int free) {
        Count count = counts.get(key);
        if (count == null) {
            return Duration.ZERO;
        }
        synchronized (count) {
            Instant now = clock.instant();
            if (count.failures <= free || quiet(count, now)) {
                return Duration.ZERO;
            }
            Duration remaining = Duration.between(now, count.last.plus(delay(count.failures - free)));
            return remaining.isNegative() ? Duration.ZERO : remaining;
        }
    }

    /** The first delay after the first failure beyond the free ones, doubling with each, up to the cap. */
    Duration delay(int beyondFree) {
        Duration delay = policy.firstDelay();
        for (int i = 1; i < beyondFree && delay.compareTo(policy.maxDelay()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(policy.maxDelay()) >= 0 ? policy.maxDelay() : delay;
    }

    private boolean quiet(Count count, Instant now) {
        return count.last.plus(policy.forgetAfter()).isBefore(now);
    }

    private void record(String key) {
        if (counts.size() >= MAX_KEYS) {
            Instant now = clock.instant();
            counts.values().removeIf(c -> {
                synchronized (c) {
                    return quiet(c, now);
                }
            });
            if (counts.size() >= MAX_KEYS) {
                counts.clear(); // a flood of fresh keys: forgetting is better than running out of memory
            }
        }
        Count count = counts.computeIfAbsent(key, k -> new Count());
        synchronized (count) {
            Instant now = clock.instant();
            if (count.last != null && quiet(count, now)) {
                count.failures = 0;
            }
            count.failures = Math.min(count.failures + 1, 1_000);
            count.last = now;
        }
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
