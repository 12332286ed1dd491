package org.magpie.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Latency histogram in microseconds, log-linear with 128 sub-buckets per power of two (under 1 %
 * error), lock-free so every reader thread records into the same one.
 */
final class Histogram {

    private static final int LINEAR = 256;
    private static final int SUB = 128;
    private final AtomicLongArray counts = new AtomicLongArray(LINEAR + 40 * SUB);

    void recordMicros(long us) {
        counts.incrementAndGet(index(Math.max(0, us)));
    }

    void recordNanos(long ns) {
        recordMicros(ns / 1000);
    }

    static int index(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int e = 63 - Long.numberOfLeadingZeros(v) - 7; // keep the top 8 bits
        return LINEAR + (e - 1) * SUB + (int) ((v >> e) - SUB);
    }

    static long value(int index) {
        if (index < LINEAR) {
            return index;
        }
        int e = (index - LINEAR) / SUB + 1;
        long m = (index - LINEAR) % SUB + SUB;
        return (m << e) + (1L << e) / 2;
    }

    long count() {
        long n = 0;
        for (int i = 0; i < counts.length(); i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The value at quantile {@code q} (0..1) in microseconds, or -1 when nothing was recorded. */
    long quantileMicros(double q) {
        long total = count();
        if (total == 0) {
            return -1;
        }
        long target = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (int i = 0; i < counts.length(); i++) {
            seen += counts.get(i);
            if (seen >= target) {
                return value(i);
            }
        }
        return value(counts.length() - 1);
    }

    /** Milliseconds with three decimals, the unit the report uses for latencies. */
    Double quantileMillis(double q) {
        long us = quantileMicros(q);
        return us < 0 ? null : us / 1000.0;
    }
}
