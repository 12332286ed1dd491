package org.magpie.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * Scenario 2: idle logged-in sessions with presence, at growing counts; the server's memory per
 * session from the growth of its RSS (and of its heap after a full GC when it is a JVM) over the
 * baseline without bench sessions.
 */
final class IdleScenario {

    private IdleScenario() {
    }

    static void run(Bench b) throws Exception {
        long max = openFileLimit() - b.opts.integer("fd-margin");
        TreeSet<Integer> levels = new TreeSet<>();
        for (String s : b.opts.list("idle")) {
            levels.add(s.equals("max") ? (int) max : Integer.parseInt(s));
        }
        levels.removeIf(l -> l > max || l <= 0);
        if (levels.isEmpty()) {
            b.results.note("idle sessions: no level fits the open-file limit " + (max + b.opts.integer("fd-margin")));
            return;
        }
        b.results.info("idle.open_file_limit", Long.toString(max + b.opts.integer("fd-margin")));
        b.ensureAccounts(levels.last());
        Bench.sleep(2);
        long rss0 = b.probe.serverRssKb();
        long heap0 = b.probe.serverHeapAfterGcKb();
        b.results.metric("idle.baseline.rss", "idle: server RSS without bench sessions", "MiB", mib(rss0), false);
        if (heap0 >= 0) {
            b.results.metric("idle.baseline.heap", "idle: server heap after GC without bench sessions", "MiB", mib(heap0), false);
        }
        List<XmppConnection> sessions = new ArrayList<>();
        try {
            for (int level : levels) {
                int from = sessions.size();
                long t0 = System.nanoTime();
                Probe.Meter meter = b.probe.meter();
                XmppConnection[] added = new XmppConnection[level - from];
                int failed = Bench.parallel(added.length, 64, i -> {
                    XmppConnection c = b.online(from + i, false, "auto");
                    c.idle();
                    added[i] = c;
                }, false);
                double seconds = (System.nanoTime() - t0) / 1e9;
                for (XmppConnection c : added) {
                    if (c != null) {
                        sessions.add(c);
                    }
                }
                String k = "idle." + level;
                if (failed > 0) {
                    b.results.note("idle " + level + ": " + failed + " sessions failed to log in; measured with " + sessions.size());
                }
                b.results.metric(k + ".ramp", "idle " + level + ": logins while ramping up", "sessions/s", added.length / seconds, true);
                meter.stop(b.results, k + ".ramp", "idle " + level + " ramp-up");
                Bench.sleep(3);
                long rss = b.probe.serverRssKb();
                if (rss >= 0) {
                    b.results.metric(k + ".rss", "idle " + level + ": server RSS", "MiB", mib(rss), false);
                    b.results.metric(k + ".rss_per_session", "idle " + level + ": RSS per session", "KiB",
                            (rss - rss0) / (double) sessions.size(), false);
                }
                long heap = b.probe.serverHeapAfterGcKb();
                if (heap >= 0) {
                    b.results.metric(k + ".heap_per_session", "idle " + level + ": heap after GC per session", "KiB",
                            (heap - heap0) / (double) sessions.size(), false);
                }
            }
        } finally {
            Bench.closeAll(sessions);
            Bench.sleep(3);
        }
    }

    private static Double mib(long kb) {
        return kb < 0 ? null : kb / 1024.0;
    }

    /** The generator's own soft limit of open files (run-all.sh raises it to the hard limit). */
    static long openFileLimit() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/limits"))) {
            if (line.startsWith("Max open files")) {
                String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                return f[0].equals("unlimited") ? 1_000_000 : Long.parseLong(f[0]);
            }
        }
        return 1024;
    }
}
