package org.magpie.bench;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Scenario 1: full logins per second (TCP connect, stream, optional STARTTLS, SASL, bind, close),
 * each worker looping over its own account, with and without TLS, per SCRAM mechanism.
 */
final class LoginScenario {

    private LoginScenario() {
    }

    static void run(Bench b) throws Exception {
        int workers = b.opts.integer("login-concurrency");
        b.ensureAccounts(workers);
        String features;
        try (XmppConnection probe = XmppConnection.connect(b.target)) {
            features = probe.openStream();
            probe.closeStream();
        }
        for (boolean tls : new boolean[] {false, true}) {
            String variant = tls ? "starttls" : "plain";
            for (String mech : b.opts.list("mechanisms")) {
                String key = "login." + variant + "." + mech;
                String label = "login " + mech + (tls ? " with STARTTLS" : " without TLS");
                if (tls && !features.contains("urn:ietf:params:xml:ns:xmpp-tls")) {
                    b.results.metric(key + ".rate", label, "logins/s", null, true);
                    b.results.note(label + ": STARTTLS not offered");
                    continue;
                }
                try {
                    // mechanisms may differ before and after TLS: ask the real thing once
                    XmppConnection.login(b.target, b.sasl, b.user(0), b.password, tls, mech).closeStream();
                } catch (Exception e) {
                    b.results.metric(key + ".rate", label, "logins/s", null, true);
                    b.results.note(label + ": not available (" + e.getMessage() + ")");
                    continue;
                }
                measure(b, key, label, tls, mech, workers);
            }
        }
    }

    private static void measure(Bench b, String key, String label, boolean tls, String mech, int workers) throws Exception {
        double warmup = b.opts.integer("warmup");
        double duration = b.opts.integer("duration");
        long start = System.nanoTime() + (long) (warmup * 1e9);
        long end = start + (long) (duration * 1e9);
        Histogram latency = new Histogram();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        Probe.Meter[] meter = new Probe.Meter[1];
        // a profile of the measured part of each phase, beside the 1:1 one (--jfr)
        boolean jfr = !b.opts.get("jfr").isBlank() && b.probe.hasHeap();
        String jfrFile = b.opts.get("jfr").replace(".jfr", "-" + key.replace('.', '-') + ".jfr");
        Thread timer = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep((long) (warmup * 1000));
                meter[0] = b.probe.meter();
                if (jfr) {
                    b.probe.jcmd("JFR.start", "name=magpie-login", "settings=profile", "filename=" + jfrFile);
                }
            } catch (Exception e) {
                Thread.currentThread().interrupt();
            }
        });
        Bench.parallel(workers, workers, w -> {
            while (true) {
                long t0 = System.nanoTime();
                if (t0 >= end) {
                    return;
                }
                try {
                    XmppConnection c = XmppConnection.login(b.target, b.sasl, b.user(w), b.password, tls, mech);
                    long t1 = System.nanoTime();
                    c.closeStream();
                    if (t0 >= start && t1 < end) {
                        ok.incrementAndGet();
                        latency.recordNanos(t1 - t0);
                    }
                } catch (Exception e) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e.toString());
                    Thread.sleep(10);
                }
            }
        }, false);
        timer.join();
        if (jfr) {
            b.probe.jcmd("JFR.stop", "name=magpie-login");
            b.results.info("jfr." + key, jfrFile);
        }
        b.results.metric(key + ".rate", label, "logins/s", ok.get() / duration, true);
        b.results.metric(key + ".p50", label + ": latency p50", "ms", latency.quantileMillis(0.50), false);
        b.results.metric(key + ".p99", label + ": latency p99", "ms", latency.quantileMillis(0.99), false);
        meter[0].stop(b.results, key, label);
        Integer iterations = b.sasl.iterationsSeen.get(mech);
        if (iterations != null) {
            b.results.info("scram.iterations." + mech, iterations.toString());
        }
        if (failed.get() > 0) {
            b.results.note(label + ": " + failed.get() + " logins failed; first: " + firstError.get());
        }
    }
}
