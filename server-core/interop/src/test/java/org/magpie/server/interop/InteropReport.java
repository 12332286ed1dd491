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

        list(md, "Failed", results, Outcome.FAILED, baseline);
        list(md, "Impossible (the server lacks what the test needs)", results, Outcome.IMPOSSIBLE, baseline);
        return md.toString();
    }

    private static void list(StringBuilder md, String title, List<SintResult> results, Outcome outcome, Baseline baseline) {
        List<SintResult> those = results.stream().filter(r -> r.outcome() == outcome).toList();
        if (those.isEmpty()) {
            return;
        }
        md.append("\n**").append(title).append("**\n\n");
        for (SintResult r : those) {
            md.append("- ").append(r.specification()).append(" `").append(r.test()).append("`: ")
                    .append(shorten(r.reason()));
            String excuse = baseline.excluded().get(r.test());
            if (outcome == Outcome.FAILED && excuse != null) {
                md.append(" (excluded: ").append(excuse).append(')');
            }
            md.append('\n');
        }
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

    /** A reason on one table-safe line of reasonable length. */
    private static String shorten(String reason) {
        if (reason == null) {
            return "";
        }
        String s = reason.replace('|', '/').replace('`', '\'');
        return s.length() <= 300 ? s : s.substring(0, 297) + "...";
    }
}
