package org.magpie.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the JSON reports of one run (Magpie first, then the peers) into Markdown tables: every
 * figure per server and Magpie's ratio to each peer, with whether that ratio is good news.
 */
final class Compare {

    private Compare() {
    }

    static void write(Path out, List<String> files) throws IOException {
        List<Results> all = new ArrayList<>();
        for (String f : files) {
            all.add(Results.fromJson(Files.readString(Path.of(f))));
        }
        Files.writeString(out, markdown(all));
        System.out.println("wrote " + out);
    }

    static String markdown(List<Results> all) {
        Results ours = all.get(0);
        List<Results> peers = all.subList(1, all.size());
        Map<String, Results.Metric> rows = new LinkedHashMap<>();
        for (Results r : all) {
            for (Results.Metric m : r.metrics) {
                rows.putIfAbsent(m.key(), m);
            }
        }
        StringBuilder sb = new StringBuilder();
        for (boolean cpu : new boolean[] {false, true}) {
            sb.append(cpu ? "\n#### CPU use during each measured phase (cores; the generator's own use shows it was not the limit)\n\n"
                    : "");
            sb.append("| Figure | Unit |");
            for (Results r : all) {
                sb.append(' ').append(r.server).append(" |");
            }
            if (!cpu) {
                for (Results p : peers) {
                    sb.append(' ').append(ours.server).append(" / ").append(p.server).append(" |");
                }
            }
            sb.append("\n|---|---|");
            sb.append("---:|".repeat(all.size() + (cpu ? 0 : peers.size())));
            sb.append('\n');
            for (Results.Metric row : rows.values()) {
                boolean isCpu = row.key().endsWith("_cpu") || row.key().endsWith(".generator_cpu");
                if (isCpu != cpu) {
                    continue;
                }
                sb.append("| ").append(row.label()).append(" | ").append(row.unit())
                        .append(cpu ? "" : row.higherIsBetter() ? " (higher is better)" : " (lower is better)").append(" |");
                for (Results r : all) {
                    Results.Metric m = r.find(row.key());
                    sb.append(' ').append(m == null ? "n/a" : Results.format(m.value())).append(" |");
                }
                if (!cpu) {
                    Results.Metric a = ours.find(row.key());
                    for (Results p : peers) {
                        Results.Metric m = p.find(row.key());
                        sb.append(' ').append(ratio(a, m, row.higherIsBetter())).append(" |");
                    }
                }
                sb.append('\n');
            }
        }
        sb.append("\n#### Run facts and notes per server\n");
        for (Results r : all) {
            sb.append("\n**").append(r.server).append("**\n\n");
            r.info.forEach((k, v) -> {
                if (!k.equals("options")) {
                    // file names only: the document must not carry paths of the machine
                    String shown = k.startsWith("jfr") ? Path.of(v).getFileName().toString() : v;
                    sb.append("- ").append(k).append(": `").append(shown).append("`\n");
                }
            });
            for (String n : r.notes) {
                sb.append("- note: ").append(n).append('\n');
            }
        }
        return sb.toString();
    }

    private static String ratio(Results.Metric ours, Results.Metric peer, boolean higherIsBetter) {
        if (ours == null || peer == null || ours.value() == null || peer.value() == null || peer.value() == 0) {
            return "n/a";
        }
        double r = ours.value() / peer.value();
        boolean better = higherIsBetter ? r >= 1 : r <= 1;
        return String.format(Locale.ROOT, "%.2f× %s", r, better ? "✅" : "❌");
    }
}
