package org.magpie.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Watches the server process (RSS and CPU from /proc, heap after a full GC through jcmd for a JVM)
 * and the generator's own CPU use.
 */
final class Probe {

    private static final long CLOCK_TICKS = 100; // USER_HZ on Linux

    private final long serverPid;
    private final String jcmd;
    private final int serverCore;

    Probe(long serverPid, String jcmd, int serverCore) {
        this.serverPid = serverPid;
        this.jcmd = jcmd;
        this.serverCore = serverCore;
    }

    /** Busy seconds of the server's core, all processes together (/proc/stat), or -1. */
    double coreBusySeconds() {
        if (serverCore < 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/stat"))) {
                if (line.startsWith("cpu" + serverCore + " ")) {
                    String[] f = line.trim().split("\\s+");
                    long busy = 0;
                    for (int i : new int[] {1, 2, 3, 6, 7, 8}) { // user nice system irq softirq steal
                        busy += Long.parseLong(f[i]);
                    }
                    return busy / (double) CLOCK_TICKS;
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    boolean hasServer() {
        return serverPid > 0;
    }

    boolean hasHeap() {
        return serverPid > 0 && jcmd != null && !jcmd.isBlank();
    }

    /** Resident set size of the server in KiB, or -1. */
    long serverRssKb() {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + serverPid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    /** CPU seconds (user + system) the server process has used so far, or -1. */
    double serverCpuSeconds() {
        if (serverPid <= 0) {
            return -1;
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + serverPid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after the command: state(0) ppid(1) ... utime(11) stime(12)
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / (double) CLOCK_TICKS;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    static double ownCpuSeconds() {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        return os.getProcessCpuTime() / 1e9;
    }

    /** Live heap of the server JVM in KiB after a full GC (GC.class_histogram forces one), or -1. */
    long serverHeapAfterGcKb() {
        if (!hasHeap()) {
            return -1;
        }
        List<String> out = run(jcmd, Long.toString(serverPid), "GC.class_histogram");
        for (int i = out.size() - 1; i >= 0; i--) {
            String line = out.get(i).trim();
            if (line.startsWith("Total")) {
                String[] parts = line.split("\\s+");
                return Long.parseLong(parts[2]) / 1024;
            }
        }
        return -1;
    }

    /** Runs jcmd with the given command against the server (JFR.start and JFR.stop). */
    List<String> jcmd(String... args) {
        List<String> cmd = new ArrayList<>();
        cmd.add(jcmd);
        cmd.add(Long.toString(serverPid));
        cmd.addAll(List.of(args));
        return run(cmd.toArray(String[]::new));
    }

    private static List<String> run(String... cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
            p.waitFor(120, TimeUnit.SECONDS);
            return lines;
        } catch (IOException e) {
            return List.of("failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        }
    }

    /** CPU use of the generator and the server over one measured phase. */
    final class Meter {
        private final long wall0 = System.nanoTime();
        private final double own0 = ownCpuSeconds();
        private final double server0 = serverCpuSeconds();
        private final double core0 = coreBusySeconds();

        /** Records the cores used as metrics named {@code prefix.generator_cores} / {@code .server_cores}. */
        void stop(Results r, String prefix, String what) {
            double wall = (System.nanoTime() - wall0) / 1e9;
            double own = (ownCpuSeconds() - own0) / wall;
            r.metric(prefix + ".generator_cpu", what + ": generator CPU", "cores", own, false);
            if (own > 0.9) {
                r.note("GENERATOR SATURATED a core during " + what + " (" + String.format("%.2f", own)
                        + " cores): that figure measures the generator, not only the server.");
            }
            if (server0 >= 0) {
                double server = (serverCpuSeconds() - server0) / wall;
                r.metric(prefix + ".server_cpu", what + ": server CPU", "cores", server, false);
                if (core0 >= 0) {
                    // other engineers' builds share the machine: what else ran on the server's core
                    double others = Math.max(0, (coreBusySeconds() - core0) / wall - server);
                    r.metric(prefix + ".others_cpu", what + ": other processes on the server's core", "cores", others, false);
                    if (others > 0.1) {
                        r.note(what + ": other processes took " + String.format("%.2f", others)
                                + " of the server's core during this phase (other builds, or kernel threads"
                                + " flushing the server's own disk writes)");
                    }
                }
            }
        }
    }

    Meter meter() {
        return new Meter();
    }
}
