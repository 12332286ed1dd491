package org.magpie.server.interop;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.interop.SintResult.Outcome;

class InteropReportTest {

    @TempDir
    Path tmp;

    private final List<SintResult> results = List.of(
            new SintResult("RFC6121", "RosterIntegrationTest.subscribe", Outcome.PASSED, null),
            new SintResult("XEP-0080", "GeolocationIntegrationTest.testNotification", Outcome.FAILED, "service-unavailable"),
            new SintResult("XEP-0045", "MultiUserChatIntegrationTest.mucTest", Outcome.IMPOSSIBLE, "item-not-found | named room"));
    private final Baseline baseline = new Baseline(1, Map.of("GeolocationIntegrationTest.testNotification", "no PEP yet"), Map.of());

    @Test
    void countsEachSpecificationAndNamesFailuresWithTheirExclusion() {
        String md = InteropReport.render(results, baseline, "4.5.0-beta5", "2026-12-07 16:00 UTC", "`abc`");
        assertTrue(md.startsWith("Smack integration test framework 4.5.0-beta5, run 2026-12-07 16:00 UTC on commit `abc`: "
                + "**1 passed, 1 failed, 1 impossible** of 3 tests"), md);
        assertTrue(md.contains("| RFC6121 | 1 | 0 | 0 |\n| XEP-0045 | 0 | 0 | 1 |\n| XEP-0080 | 0 | 1 | 0 |\n"), md);
        assertTrue(md.contains("- XEP-0080 `GeolocationIntegrationTest.testNotification`: service-unavailable (excluded: no PEP yet)\n"), md);
        assertTrue(md.contains("item-not-found / named room"), "a reason cannot break the table: " + md);
    }

    @Test
    void groupsImpossibleTestsByClassAndReasonWithoutTheRunsRandomNames() {
        List<SintResult> impossible = List.of(
                new SintResult("XEP-0045", "MultiUserChatIntegrationTest.mucTest", Outcome.IMPOSSIBLE,
                        "item-not-found from smack-inttest-abstract-l8rp7-6u5wgs@rooms.localhost"),
                new SintResult("XEP-0096", "FileTransferIntegrationTest.fileTransferTest", Outcome.IMPOSSIBLE,
                        "nothing from smack-inttest-one-l8rp7@localhost/one-l8rp7 to smack-inttest-two-l8rp7@localhost/two-l8rp7."),
                new SintResult("XEP-0045", "MultiUserChatIntegrationTest.mucLeaveTest", Outcome.IMPOSSIBLE,
                        "item-not-found from smack-inttest-abstract-l8rp7-6u5wgs@rooms.localhost"),
                new SintResult("XEP-0060", "PubSubIntegrationTest.transientNodeTest", Outcome.IMPOSSIBLE, "No PubSub service found"));
        String md = InteropReport.render(impossible, baseline, "4.5.0-beta5", "2026-12-07 16:00 UTC", "`abc`");
        assertTrue(md.contains("- XEP-0045 `MultiUserChatIntegrationTest`: item-not-found from smack-inttest-…@rooms.localhost (2 tests)\n"
                + "- XEP-0060 `PubSubIntegrationTest`: No PubSub service found\n"
                + "- XEP-0096 `FileTransferIntegrationTest`: nothing from smack-inttest-…@localhost to smack-inttest-…@localhost.\n"), md);
    }

    @Test
    void replacesOnlyTheTextBetweenTheMarkers() throws Exception {
        Path doc = tmp.resolve("INTEROP.md");
        Files.writeString(doc, "# Interop\n\nhand text\n\n" + InteropReport.BEGIN + "\nold report\n" + InteropReport.END
                + "\n\n## Clients\n\nmore hand text\n");
        InteropReport.writeInto(doc, "new report\n");
        assertEquals("# Interop\n\nhand text\n\n" + InteropReport.BEGIN + "\nnew report\n" + InteropReport.END
                + "\n\n## Clients\n\nmore hand text\n", Files.readString(doc));
    }

    @Test
    void appendsTheMarkersToADocumentWithoutThem() throws Exception {
        Path doc = tmp.resolve("INTEROP.md");
        Files.writeString(doc, "# Interop\n");
        InteropReport.writeInto(doc, "report\n");
        assertEquals("# Interop\n\n" + InteropReport.BEGIN + "\nreport\n" + InteropReport.END + "\n", Files.readString(doc));
    }
}
