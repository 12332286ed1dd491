package org.magpie.plugin.archive.internal;

import java.time.Clock;
import java.time.Instant;

/**
 * Message ids that carry their arrival time: milliseconds since the epoch shifted left by
 * {@value #SHIFT} bits plus a counter. Ids grow with time, so the archive is ordered by its primary
 * key, and the MAM {@code start}/{@code end} filters become id ranges on the same indexes as paging.
 * The generator never goes back, not even when the clock does or the server restarts (it starts
 * above the largest stored id).
 */
final class Ids {

    static final int SHIFT = 12;

    private final Clock clock;
    private long last;

    Ids(Clock clock, long largestStored) {
        this.clock = clock;
        this.last = largestStored;
    }

    synchronized long next() {
        last = Math.max(last + 1, clock.millis() << SHIFT);
        return last;
    }

    /** The arrival time an id stands for. */
    static Instant instant(long id) {
        return Instant.ofEpochMilli(id >>> SHIFT);
    }

    /** The smallest id of that millisecond or later. */
    static long first(Instant time) {
        return Math.max(0, time.toEpochMilli()) << SHIFT;
    }

    /** The largest id of that millisecond or earlier. */
    static long last(Instant time) {
        long ms = time.toEpochMilli();
        return ms < 0 ? -1 : ((ms + 1) << SHIFT) - 1;
    }

    /** The id in the form clients see (XEP-0359 stanza-id, XEP-0313 result id). */
    static String format(long id) {
        return Long.toString(id);
    }

    /** The id a client gave back, or -1 when it is not one of ours. */
    static long parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 19) {
            return -1;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(text);
    }
}
