package org.magpie.plugin.files.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;

/**
 * How many requests the file port serves at once, per client address and in all. Jetty cuts off
 * connections that go quiet (the idle timeout); this keeps one address that opens transfer after
 * transfer from taking every thread: beyond the limits a request is answered at once with 503 and
 * {@code Retry-After}, and the others go on.
 */
final class TransferLimits {

    static final int RETRY_AFTER_SECONDS = 5;

    private final Texts texts = Texts.of(TransferLimits.class);
    private final int perAddress;
    private final int total;
    private final AtomicInteger running = new AtomicInteger();
    private final ConcurrentMap<String, AtomicInteger> byAddress = new ConcurrentHashMap<>();

    /** @param perAddress requests at once from one address, 0 = no limit; @param total in all, 0 = no limit */
    TransferLimits(int perAddress, int total) {
        this.perAddress = perAddress;
        this.total = total;
    }

    /** Counts a request in; false (and nothing counted) when a limit is reached. */
    boolean begin(String address) {
        if (running.incrementAndGet() > total && total > 0) {
            running.decrementAndGet();
            return false;
        }
        boolean[] admitted = {true};
        byAddress.compute(address, (a, n) -> {
            AtomicInteger count = n == null ? new AtomicInteger() : n;
            if (perAddress > 0 && count.get() >= perAddress) {
                admitted[0] = false;
            } else {
                count.incrementAndGet();
            }
            return count.get() == 0 ? null : count;
        });
        if (!admitted[0]) {
            running.decrementAndGet();
        }
        return admitted[0];
    }

    /** Counts a request out that {@link #begin} let in. */
    void end(String address) {
        running.decrementAndGet();
        byAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() == 0 ? null : n);
    }

    /** The reason for a 503, naming the limit that was reached. */
    LocalizedText refusal(String address) {
        AtomicInteger n = byAddress.get(address);
        if (perAddress > 0 && n != null && n.get() >= perAddress) {
            return texts.text("limits.per.address", String.valueOf(perAddress));
        }
        return texts.text("limits.total", String.valueOf(total));
    }
}
