package org.magpie.bench;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Scenario 5: history (XEP-0313 MAM). One account sends a batch of messages to another, which are
 * archived; then the receiver pages through its history: the latest page (what a client asks when
 * it opens) and the oldest page, each query timed until its IQ result.
 */
final class MamScenario {

    static final String NS = "urn:xmpp:mam:2";

    private MamScenario() {
    }

    static void setPrefs(XmppConnection c, String policy) throws Exception {
        String id = XmppConnection.nextId();
        String answer = c.request(id, "<iq type='set' id='" + id + "'><prefs xmlns='" + NS + "' default='" + policy
                + "'><always/><never/></prefs></iq>", 30);
        if (!answer.contains("type='result'") && !answer.contains("type=\"result\"")) {
            throw new IllegalStateException("MAM preferences refused: " + XmppConnection.abbreviate(answer));
        }
    }

    static void run(Bench b) throws Exception {
        int base = 2 * b.opts.integer("pairs"); // accounts the 1:1 scenario did not touch
        b.ensureAccounts(base + 2);
        XmppConnection sender = b.online(base, false, "auto");
        XmppConnection owner = b.online(base + 1, false, "auto");
        try {
            if (!b.hasMam(owner, b.bareJid(base + 1))) {
                b.results.metric("mam.last.p50", "history: latest 50 of the archive, p50", "ms", null, false);
                b.results.note("history (MAM, scenario 5): not available yet - the server does not advertise " + NS);
                return;
            }
            try { // the servers are configured to archive by default; say so explicitly where prefs exist
                setPrefs(sender, "always");
                setPrefs(owner, "always");
            } catch (Exception e) {
                b.results.note("history: MAM preferences not supported (" + e.getMessage() + "); the server's default applies");
            }
            int count = b.opts.integer("mam-messages");
            Semaphore window = new Semaphore(64);
            AtomicLong arrived = new AtomicLong();
            AtomicLong forwarded = new AtomicLong();
            owner.startReader((c, s) -> {
                if (s.startsWith("<message")) {
                    if (s.contains("<result")) {
                        forwarded.incrementAndGet();
                    } else {
                        arrived.incrementAndGet();
                        window.release();
                    }
                }
            });
            sender.startReader((c, s) -> {
                if (s.startsWith("<message")) {
                    window.release(); // a bounce
                }
            });
            String to = owner.jid();
            long t0 = System.nanoTime();
            Probe.Meter meter = b.probe.meter();
            for (int i = 0; i < count; i++) {
                if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("history: messages stopped arriving after " + arrived.get());
                }
                sender.send("<message to='" + to + "' type='chat'><body>" + i + ChatScenario.FILLER + "</body></message>");
            }
            while (arrived.get() < count && System.nanoTime() - t0 < 120_000_000_000L) {
                Thread.sleep(10);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            b.results.metric("mam.store.rate", "history: 1:1 messages delivered and archived", "msg/s", arrived.get() / seconds, true);
            meter.stop(b.results, "mam.store", "history: storing");
            b.results.info("mam.archived", Long.toString(arrived.get()));
            Bench.sleep(1);
            int queries = b.opts.integer("mam-queries");
            String with = b.bareJid(base);
            query(b, owner, forwarded, queries, "mam.last", "history: latest 50 of " + count + " (RSM before)",
                    with, "<before/>");
            query(b, owner, forwarded, queries, "mam.first", "history: oldest 50 of " + count + " (RSM first page)",
                    with, "");
        } finally {
            sender.closeStream();
            owner.closeStream();
        }
    }

    private static void query(Bench b, XmppConnection c, AtomicLong forwarded, int queries, String key, String label,
            String with, String rsm) throws Exception {
        Histogram latency = new Histogram();
        long results = 0;
        Probe.Meter meter = b.probe.meter();
        for (int i = 0; i < queries; i++) {
            String id = XmppConnection.nextId();
            long before = forwarded.get();
            long t0 = System.nanoTime();
            String answer = c.request(id, "<iq type='set' id='" + id + "'><query xmlns='" + NS + "' queryid='" + id
                    + "'><x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE' type='hidden'><value>" + NS
                    + "</value></field><field var='with'><value>" + with + "</value></field></x>"
                    + "<set xmlns='http://jabber.org/protocol/rsm'><max>50</max>" + rsm + "</set></query></iq>", 60);
            latency.recordNanos(System.nanoTime() - t0);
            if (!answer.contains("<fin")) {
                throw new IllegalStateException(label + ": " + XmppConnection.abbreviate(answer));
            }
            results += forwarded.get() - before;
        }
        b.results.metric(key + ".p50", label + ": p50", "ms", latency.quantileMillis(0.5), false);
        b.results.metric(key + ".p99", label + ": p99", "ms", latency.quantileMillis(0.99), false);
        meter.stop(b.results, key, label);
        if (results < 50L * queries) {
            b.results.note(label + ": " + results + " results for " + queries + " queries (fewer than 50 each)");
        }
    }
}
