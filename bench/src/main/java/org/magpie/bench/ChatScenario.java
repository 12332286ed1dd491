package org.magpie.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Scenario 3: one-to-one chat between fixed sender/receiver pairs. First an open-loop phase at a
 * fixed offered rate (latency from the intended send time, so a stalled server cannot hide its
 * delays), then a closed-loop phase with a window of messages in flight per pair (saturation).
 */
final class ChatScenario {

    /** Filler so a message is the size of a short chat line. */
    static final String FILLER = " the quick brown fox jumps over the lazy dog 0123456789";

    /** One measured phase: deliveries counted when they arrive inside the window, latency of messages sent inside it. */
    static final class Phase {
        final long start;
        final long end;
        final Histogram latency = new Histogram();
        final LongAdder delivered = new LongAdder();
        final LongAdder sent = new LongAdder();
        final LongAdder received = new LongAdder();
        final LongAdder errors = new LongAdder();
        volatile boolean overrun;

        Phase(long start, long end) {
            this.start = start;
            this.end = end;
        }

        /** Counts a message whose body starts with its send time in nanoseconds. */
        void arrived(String stanza) {
            long now = System.nanoTime();
            if (stanza.contains("type='error'") || stanza.contains("type=\"error\"")) {
                errors.increment();
                return;
            }
            long t = sendTime(stanza);
            if (t == Long.MIN_VALUE) {
                return;
            }
            received.increment();
            if (now >= start && now < end) {
                delivered.increment();
            }
            if (t >= start && t < end) {
                latency.recordNanos(now - t);
            }
        }

        /** Waits until every sent message arrived (or failed), at most {@code seconds}. */
        long drain(double seconds) throws InterruptedException {
            long until = System.nanoTime() + (long) (seconds * 1e9);
            while (received.sum() + errors.sum() < sent.sum() && System.nanoTime() < until) {
                Thread.sleep(20);
            }
            return sent.sum() - received.sum() - errors.sum();
        }
    }

    static long sendTime(String stanza) {
        int at = stanza.indexOf("<body>");
        if (at < 0) {
            return Long.MIN_VALUE;
        }
        long v = 0;
        boolean neg = false;
        int i = at + 6;
        if (stanza.charAt(i) == '-') {
            neg = true;
            i++;
        }
        int digits = 0;
        for (; i < stanza.length(); i++) {
            char ch = stanza.charAt(i);
            if (ch < '0' || ch > '9') {
                break;
            }
            v = v * 10 + (ch - '0');
            digits++;
        }
        return digits == 0 ? Long.MIN_VALUE : (neg ? -v : v);
    }

    private record Pair(XmppConnection sender, XmppConnection receiver, String to, Semaphore window) {
    }

    private static volatile Phase phase;

    private ChatScenario() {
    }

    static void run(Bench b) throws Exception {
        run(b, false);
    }

    /**
     * @param archived the "chat-archived" scenario: every account asks for MAM preference 'always', so
     *                 each server stores every message as it routes it (equal settings with the archive on)
     */
    static void run(Bench b, boolean archived) throws Exception {
        String key = archived ? "chatarch" : "chat";
        String title = archived ? "1:1 archived" : "1:1";
        int pairCount = b.opts.integer("pairs");
        b.ensureAccounts(2 * pairCount);
        List<XmppConnection> conns = b.onlineMany(0, 2 * pairCount, 32);
        try {
            if (archived && b.hasMam(conns.get(0), b.bareJid(0))) {
                MamScenario.setPrefs(conns.get(0), "always");
                Bench.parallel(conns.size() - 1, 32, i -> MamScenario.setPrefs(conns.get(i + 1), "always"), true);
                b.results.note(title + ": the accounts set their MAM preference to 'always': every message is archived");
            } else if (!archived && !b.opts.flag("chat-archive") && b.hasMam(conns.get(0), b.bareJid(0))) {
                // a routing figure where a server lets an account opt out of its archive
                try {
                    MamScenario.setPrefs(conns.get(0), "never");
                    Bench.parallel(conns.size() - 1, 32, i -> MamScenario.setPrefs(conns.get(i + 1), "never"), true);
                    b.results.note("1:1: the accounts set their MAM preference to 'never': routing without archive writes");
                } catch (Exception e) {
                    b.results.note("1:1: the server refuses MAM preferences, so it archives every 1:1 message of this"
                            + " scenario (a handicap against servers that honour 'never')");
                }
            }
            int window = b.opts.integer("window");
            List<Pair> pairs = new ArrayList<>();
            for (int i = 0; i < pairCount; i++) {
                XmppConnection receiver = conns.get(2 * i + 1);
                pairs.add(new Pair(conns.get(2 * i), receiver, receiver.jid(), new Semaphore(window)));
            }
            for (Pair p : pairs) {
                p.sender().startReader((c, s) -> {
                    if (s.startsWith("<message")) {
                        phase.arrived(s); // errors bounced to the sender
                        p.window().release();
                    }
                });
                p.receiver().startReader((c, s) -> {
                    if (s.startsWith("<message")) {
                        phase.arrived(s);
                        p.window().release();
                    }
                });
            }
            phase = new Phase(0, 0);
            Bench.sleep(1);
            boolean jfr = !b.opts.get("jfr").isBlank() && b.probe.hasHeap();
            String jfrFile = archived ? b.opts.get("jfr").replace(".jfr", "-archived.jfr") : b.opts.get("jfr");
            if (jfr) {
                b.probe.jcmd("JFR.start", "name=magpie-bench", "settings=profile", "filename=" + jfrFile);
            }
            fixedRate(b, pairs, key, title);
            saturation(b, pairs, window, key, title);
            if (jfr) {
                b.probe.jcmd("JFR.stop", "name=magpie-bench");
                b.results.info(archived ? "jfr.archived" : "jfr", jfrFile);
            }
        } finally {
            Bench.closeAll(conns);
            Bench.sleep(2);
        }
    }

    private static String message(String to, long t) {
        return "<message to='" + to + "' type='chat'><body>" + t + FILLER + "</body></message>";
    }

    private static void fixedRate(Bench b, List<Pair> pairs, String key, String title) throws Exception {
        double rate = b.opts.integer("rate");
        long warmup = TimeUnit.SECONDS.toNanos(b.opts.integer("warmup"));
        long duration = TimeUnit.SECONDS.toNanos(b.opts.integer("duration"));
        long t0 = System.nanoTime() + 50_000_000;
        Phase ph = new Phase(t0 + warmup, t0 + warmup + duration);
        phase = ph;
        long interval = (long) (pairs.size() * 1e9 / rate);
        Probe.Meter[] meter = new Probe.Meter[1];
        List<Thread> senders = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i++) {
            Pair p = pairs.get(i);
            long first = t0 + i * interval / pairs.size();
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    for (long next = first; next < ph.end && !ph.overrun; next += interval) {
                        long wait = next - System.nanoTime();
                        if (wait > 0) {
                            LockSupport.parkNanos(wait);
                        }
                        p.sender().send(message(p.to(), next));
                        ph.sent.increment();
                        // more than two seconds of backlog: the server cannot sustain the rate; stop
                        // offering so the backlog does not spill into the next phase
                        if (ph.sent.sum() - ph.received.sum() > 2 * rate) {
                            ph.overrun = true;
                        }
                    }
                } catch (Exception e) {
                    // the receiver side counts what is missing
                }
            }));
        }
        waitUntil(ph.start);
        meter[0] = b.probe.meter();
        while (System.nanoTime() < ph.end && !ph.overrun) {
            Thread.sleep(10);
        }
        long stopped = Math.min(System.nanoTime(), ph.end);
        String label = title + " at " + (long) rate + " msg/s offered";
        meter[0].stop(b.results, key + ".fixed", label);
        for (Thread t : senders) {
            t.join();
        }
        long arrivedBeforeStop = ph.received.sum();
        long lost = ph.drain(60);
        double seconds = duration / 1e9;
        if (ph.overrun) {
            double offered = (stopped - t0) / 1e9;
            b.results.metric(key + ".fixed.delivered", label + ": delivered", "msg/s", null, true);
            b.results.note(label + ": NOT SUSTAINED - " + String.format("%.0f", arrivedBeforeStop / offered)
                    + " msg/s arrived while " + (long) rate + " were offered; the backlog passed 2 s worth of"
                    + " messages after " + String.format("%.1f", offered) + " s and the generator stopped offering"
                    + " (latency figures of this phase: n/a)");
            report(b, label, ph, lost);
            return;
        }
        b.results.metric(key + ".fixed.delivered", label + ": delivered", "msg/s", ph.delivered.sum() / seconds, true);
        b.results.metric(key + ".fixed.p50", label + ": latency p50", "ms", ph.latency.quantileMillis(0.50), false);
        b.results.metric(key + ".fixed.p99", label + ": latency p99", "ms", ph.latency.quantileMillis(0.99), false);
        b.results.metric(key + ".fixed.p999", label + ": latency p99.9", "ms", ph.latency.quantileMillis(0.999), false);
        report(b, label, ph, lost);
    }

    private static void saturation(Bench b, List<Pair> pairs, int window, String key, String title) throws Exception {
        long warmup = TimeUnit.SECONDS.toNanos(b.opts.integer("warmup"));
        long duration = TimeUnit.SECONDS.toNanos(b.opts.integer("duration"));
        long t0 = System.nanoTime();
        Phase ph = new Phase(t0 + warmup, t0 + warmup + duration);
        phase = ph;
        List<Thread> senders = new ArrayList<>();
        for (Pair p : pairs) {
            p.window().drainPermits();
            p.window().release(window);
            senders.add(Thread.ofVirtual().start(() -> {
                try {
                    while (System.nanoTime() < ph.end) {
                        if (p.window().tryAcquire(100, TimeUnit.MILLISECONDS)) {
                            p.sender().send(message(p.to(), System.nanoTime()));
                            ph.sent.increment();
                        }
                    }
                } catch (Exception e) {
                    // counted as missing
                }
            }));
        }
        waitUntil(ph.start);
        Probe.Meter meter = b.probe.meter();
        waitUntil(ph.end);
        String label = title + " at saturation (" + pairs.size() + " pairs x " + window + " in flight)";
        meter.stop(b.results, key + ".sat", label);
        for (Thread t : senders) {
            t.join();
        }
        long lost = ph.drain(60);
        double seconds = duration / 1e9;
        b.results.metric(key + ".sat.delivered", label + ": delivered", "msg/s", ph.delivered.sum() / seconds, true);
        b.results.metric(key + ".sat.p50", label + ": latency p50", "ms", ph.latency.quantileMillis(0.50), false);
        b.results.metric(key + ".sat.p99", label + ": latency p99", "ms", ph.latency.quantileMillis(0.99), false);
        b.results.metric(key + ".sat.p999", label + ": latency p99.9", "ms", ph.latency.quantileMillis(0.999), false);
        report(b, label, ph, lost);
    }

    private static void report(Bench b, String label, Phase ph, long lost) {
        if (ph.errors.sum() > 0) {
            b.results.note(label + ": " + ph.errors.sum() + " messages came back as errors");
        }
        if (lost > 0) {
            b.results.note(label + ": " + lost + " of " + ph.sent.sum() + " messages not delivered within 60 s after the phase");
        }
    }

    static void waitUntil(long nanoTime) throws InterruptedException {
        long wait;
        while ((wait = nanoTime - System.nanoTime()) > 0) {
            Thread.sleep(Math.max(1, wait / 1_000_000));
        }
    }
}
