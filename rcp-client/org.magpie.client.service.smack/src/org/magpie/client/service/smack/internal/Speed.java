package org.magpie.client.service.smack.internal;

import java.util.ArrayDeque;

/** A transfer's speed over the last seconds, from (time, bytes) samples; and how often to report. Thread-safe. */
final class Speed {

    private static final long WINDOW = 3_000_000_000L;
    private static final long REPORT_EVERY = 100_000_000L;

    /** (nanoTime, bytes) samples of the last seconds. */
    private final ArrayDeque<long[]> samples = new ArrayDeque<>();
    private long lastReport;

    synchronized void clear() {
        samples.clear();
    }

    /**
     * Adds a sample.
     *
     * @return whether to report it: always when {@code always}, else at most every 100 ms
     */
    synchronized boolean sample(long bytes, boolean always) {
        long now = System.nanoTime();
        samples.addLast(new long[] { now, bytes });
        while (samples.size() > 2 && now - samples.peekFirst()[0] > WINDOW) {
            samples.removeFirst();
        }
        if (!always && now - lastReport < REPORT_EVERY) {
            return false;
        }
        lastReport = now;
        return true;
    }

    synchronized double bytesPerSecond() {
        if (samples.size() < 2) {
            return 0;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        double seconds = (last[0] - first[0]) / 1e9;
        return seconds <= 0 ? 0 : Math.max(0, (last[1] - first[1]) / seconds);
    }
}
