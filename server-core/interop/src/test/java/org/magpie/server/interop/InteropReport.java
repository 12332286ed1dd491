package org.magpie.server.interop;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.magpie.server.interop.SintResult.Outcome;

/**
 * The SINT report in Markdown: per specification how many tests passed, failed and were impossible,
 * then each failed and impossible test with its reason; with the run's date and commit. It is
 * written to target/ for CI and between the markers of docs/INTEROP.md, whose other sections are
 * written by hand and kept.
 */
final class InteropReport {

    static final String BEGIN = "<!-- BEGIN SINT REPORT: written by server-core/interop (SmackInteropIT); edits here are overwritten -->";
    static final String END = "<!-- END SINT REPORT -->";

    private InteropReport() {
    }

    /** The report, for a run on {@code date} (UTC) of {@code commit}. */
    static String render(List<SintResult> results, Baseline baseline, String sintVersion, String date, String commit) {
        StringBuilder md = new StringBuilder();
        long passed = count(results, Outcome.PASSED);
        long failed = count(results, Outcome.FAILED);
        long impossible = count(results, Outcome.IMPOSSIBLE);
        md.append("Smack integration test framework ").append(sintVersion).append(", run ").append(date)
                .append(" on commit ").append(commit).append(": **").append(passed).append(" passed, ")
                .append(failed).append(" failed, ").append(impossible).append(" impossible** of ")
                .append(results.size()).append(" tests (the build requires at least ").append(baseline.minimumPassed())
                .append(" passed and no failure outside the exclusion list).\n\n");

        md.append("| Specification | Passed | Failed | Impossible |\n|---|---:|---:|---:|\n");
        Map<String, List<SintResult>> bySpec = results.stream()
                .collect(Collectors.groupingBy(SintResult::specification, TreeMap::new, Collectors.toList()));
        bySpec.forEach((spec, rs) -> md.append("| ").append(spec).append(" | ").append(count(rs, Outcome.PASSED))
                .append(" | ").append(count(rs, Outcome.FAILED)).append(" | ").append(count(rs, Outcome.IMPOSSIBLE))
                .append(" |\n"));

        failed(md, results, baseline);
        impossible(md, results);
        if (!baseline.disabled().isEmpty()) {
            md.append("\n**Not run** (they would end SINT's whole run; `disable.` entries of the baseline)\n\n");
            baseline.disabled().forEach((test, why) -> md.append("- `").append(test).append("`: ").append(why).append('\n'));
        }
        return md.toString();
    }

    /** Each failed test with its reason, and the exclusion that lets the build pass, if any. */
    private static void failed(StringBuilder md, List<SintResult> results, Baseline baseline) {
        List<SintResult> failed = results.stream().filter(r -> r.outcome() == Outcome.FAILED).toList();
        if (failed.isEmpty()) {
            return;
        }
        md.append("\n**Failed**\n\n");
        for (SintResult r : failed) {
            md.append("- ").append(r.specification()).append(" `").append(r.test()).append("`: ").append(shorten(r.reason()));
            String excuse = baseline.excluded().get(r.test());
            if (excuse != null) {
                md.append(" (excluded: ").append(excuse).append(')');
            }
            md.append('\n');
        }
    }

    /**
     * Impossible tests by test class and reason: a missing feature makes a whole class impossible for
     * the same reason, and one line a class keeps the list readable.
     */
    private static void impossible(StringBuilder md, List<SintResult> results) {
        Map<String, Long> groups = results.stream().filter(r -> r.outcome() == Outcome.IMPOSSIBLE)
                .collect(Collectors.groupingBy(r -> r.specification() + " `" + testClass(r) + "`: " + shorten(r.reason()),
                        TreeMap::new, Collectors.counting()));
        if (groups.isEmpty()) {
            return;
        }
        md.append("\n**Impossible** (SINT found the server without what the test needs)\n\n");
        groups.forEach((group, n) -> md.append("- ").append(group).append(n > 1 ? " (" + n + " tests)" : "").append('\n'));
    }

    private static String testClass(SintResult r) {
        int dot = r.test().lastIndexOf('.');
        return dot < 0 ? r.test() : r.test().substring(0, dot);
    }

    /** Replaces the text between the markers of {@code doc}, or appends the markers and the report. */
    static void writeInto(Path doc, String report) throws IOException {
        String text = Files.exists(doc) ? Files.readString(doc, StandardCharsets.UTF_8) : "";
        String section = BEGIN + "\n" + report + END;
        int begin = text.indexOf(BEGIN);
        int end = text.indexOf(END);
        String updated = begin >= 0 && end > begin
                ? text.substring(0, begin) + section + text.substring(end + END.length())
                : text + (text.isEmpty() || text.endsWith("\n\n") ? "" : "\n") + section + "\n";
        Files.writeString(doc, updated, StandardCharsets.UTF_8);
    }

    private static long count(List<SintResult> results, Outcome outcome) {
        return results.stream().filter(r -> r.outcome() == outcome).count();
    }

    /**
     * A reason on one table-safe line of reasonable length, without the random names of SINT's run
     * (accounts, rooms), so that the report changes only when the results do.
     */
    private static String shorten(String reason) {
        if (reason == null) {
            return "";
        }
        String s = reason.replace('|', '/').replace('`', '\'')
                .replaceAll("smack-inttest-[A-Za-z0-9-]+(@[A-Za-z0-9.-]+)?(/[A-Za-z0-9-]+)?", "smack-inttest-…$1");
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
