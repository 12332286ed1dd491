package org.magpie.plugin.auth.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;

/**
 * How many accounts were registered in the last hour, per client address and in total, so that a
 * script cannot fill the server with accounts. A registration takes its place before the account is
 * created (so that two at once cannot both pass the last place) and gives it back if that fails.
 */
final class RegistrationLimiter {

    static final Duration WINDOW = Duration.ofHours(1);

    private final Texts texts = Texts.of(RegistrationLimiter.class);
    private final Clock clock;
    private final Map<String, Deque<Instant>> byAddress = new HashMap<>();
    private final Deque<Instant> all = new ArrayDeque<>();

    RegistrationLimiter(Clock clock) {
        this.clock = clock;
    }

    /**
     * Takes a place for one registration from {@code address}, or says why there is none.
     *
     * @param perAddress most registrations from one address per hour; 0 = no limit
     * @param total      most registrations per hour in total; 0 = no limit
     */
    synchronized Optional<LocalizedText> acquire(String address, int perAddress, int total) {
        Instant now = clock.instant();
        Instant since = now.minus(WINDOW);
        prune(all, since);
        byAddress.values().removeIf(times -> {
            prune(times, since);
            return times.isEmpty(); // only addresses that registered in the last hour are kept
        });
        Deque<Instant> mine = byAddress.computeIfAbsent(address, a -> new ArrayDeque<>());
        if (perAddress > 0 && mine.size() >= perAddress) {
            return Optional.of(texts.text("limit.per.address", String.valueOf(perAddress)));
        }
        if (total > 0 && all.size() >= total) {
            return Optional.of(texts.text("limit.total"));
        }
        mine.addLast(now);
        all.addLast(now);
        return Optional.empty();
    }

    /** The registration that took the latest place from {@code address} did not happen. */
    synchronized void release(String address) {
        Deque<Instant> mine = byAddress.get(address);
        if (mine != null && !mine.isEmpty()) {
            all.removeLastOccurrence(mine.removeLast());
        }
    }

    private static void prune(Deque<Instant> times, Instant since) {
        while (!times.isEmpty() && times.peekFirst().isBefore(since)) {
            times.removeFirst();
        }
    }
}
