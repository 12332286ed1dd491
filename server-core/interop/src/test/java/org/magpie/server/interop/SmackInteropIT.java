package org.magpie.server.interop;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.Smack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.interop.SintResult.Outcome;

/**
 * Smack's own interop suite (SINT), unmodified, against the packaged server with its default
 * settings except those listed in {@link #SINT_SETTINGS} (each explained in docs/INTEROP.md). Fails
 * when fewer tests pass than {@code sint-baseline.properties} requires, or when a test fails that
 * is not on its exclusion list. Writes the report to target/sint-report.md, and with -Dinterop.doc=true
 * into docs/INTEROP.md.
 */
class SmackInteropIT {

    private static final String DOMAIN = "localhost";
    /**
     * SINT's time for each awaited answer or event. Loopback answers take milliseconds, but a CI
     * machine running other builds beside this one has been seen to need more than 5 s for a TLS
     * handshake; a missing answer costs this much once per test that waits for it.
     */
    private static final int REPLY_TIMEOUT_MILLIS = 10_000;

    @TempDir
    Path tmp;

    @Test
    void smacksIntegrationTestsPassAsTheBaselineRequires() throws Exception {
        Baseline baseline = Baseline.load();
        List<SintResult> results;
        try (DistributionServer server = DistributionServer.start(Path.of(System.getProperty("magpie.dist")),
                tmp.resolve("server"), sintSettings())) {
            results = SintRun.run(DOMAIN, server.port(), server.trustManager(), REPLY_TIMEOUT_MILLIS,
                    baseline.disabled().keySet());
        }

        String report = InteropReport.render(results, baseline, Smack.getVersion(), now(), commit());
        Path target = Path.of(System.getProperty("magpie.interop.target"));
        Files.createDirectories(target);
        Files.writeString(target.resolve("sint-report.md"), report);
        String doc = System.getProperty("magpie.interop.doc", "");
        if (!doc.isBlank()) { // -Dinterop.doc=true (see the module's pom)
            InteropReport.writeInto(Path.of(doc), report);
        }

        long passed = results.stream().filter(r -> r.outcome() == Outcome.PASSED).count();
        List<String> unexpected = results.stream()
                .filter(r -> r.outcome() == Outcome.FAILED && !baseline.excluded().containsKey(r.test()))
                .map(r -> r.test() + ": " + r.reason()).toList();
        assertTrue(unexpected.isEmpty(), "SINT tests failed that are not on the exclusion list of "
                + Baseline.FILE + ":\n" + String.join("\n", unexpected));
        assertTrue(passed >= baseline.minimumPassed(), passed + " SINT tests passed, fewer than the "
                + baseline.minimumPassed() + " of " + Baseline.FILE + " (report: target/sint-report.md)");
    }

    /**
     * The distribution's defaults except what SINT needs to reach the server and do its work (see
     * docs/INTEROP.md, "Settings for SINT").
     */
    static Map<String, String> sintSettings() throws Exception {
        Map<String, String> s = new HashMap<>();
        s.put("server.domain", DOMAIN);
        // any free loopback ports, read back from data/ports.properties: a developer's server (5222,
        // 9090, 5443) may be running beside the build
        s.put("server.client.port", "0");
        s.put("console.port", "0");
        s.put("files.http.port", "0");
        // SINT registers its three accounts and more for single tests, all from 127.0.0.1
        s.put("auth.registration.per.address.per.hour", "0");
        // SINT's passwords are 16 or 24 random letters and digits, some without a digit: the length rule stays
        s.put("auth.password.require.letters.and.digits", "false");
        // SINT's upload test uses Java's default trust, which does not know the generated certificate:
        // uploads over plain HTTP, on loopback only
        s.put("files.http.tls", "false");
        return s;
    }

    private static String now() {
        return ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    }

    /** The commit the build ran on, marked when the working tree had changes; "unknown" outside git. */
    private static String commit() {
        Path repo = Path.of(System.getProperty("magpie.repository"));
        String head = git(repo, "rev-parse", "--short=12", "HEAD");
        if (head == null) {
            return "unknown";
        }
        // the report file itself is rewritten by every run: its change does not count
        String changes = git(repo, "status", "--porcelain", "--", ".", ":(exclude)docs/INTEROP.md");
        return "`" + head + "`" + (changes == null || changes.isEmpty() ? "" : " (with uncommitted changes)");
    }

    private static String git(Path repo, String... args) {
        try {
            List<String> command = new java.util.ArrayList<>(List.of("git", "-C", repo.toString()));
            command.addAll(List.of(args));
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (Exception e) {
            return null;
        }
    }
}
