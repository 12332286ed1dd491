package org.magpie.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The figures of one run against one server: metrics in order, facts about the run, and notes. */
final class Results {

    /** One figure; {@code value} null means "not available" (the note says why). */
    record Metric(String key, String label, String unit, Double value, boolean higherIsBetter) {
    }

    final String server;
    final Map<String, String> info = new LinkedHashMap<>();
    final List<Metric> metrics = new ArrayList<>();
    final List<String> notes = new ArrayList<>();

    Results(String server) {
        this.server = server;
    }

    synchronized void metric(String key, String label, String unit, Double value, boolean higherIsBetter) {
        metrics.removeIf(m -> m.key().equals(key));
        metrics.add(new Metric(key, label, unit, value, higherIsBetter));
        System.out.printf(Locale.ROOT, "  %-58s %14s %s%n", label, format(value), unit);
    }

    synchronized void note(String text) {
        notes.add(text);
        System.out.println("  note: " + text);
    }

    synchronized void info(String key, String value) {
        info.put(key, value);
    }

    Metric find(String key) {
        for (Metric m : metrics) {
            if (m.key().equals(key)) {
                return m;
            }
        }
        return null;
    }

    static String format(Double v) {
        if (v == null) {
            return "n/a";
        }
        double a = Math.abs(v);
        if (a >= 100) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        return String.format(Locale.ROOT, "%.3f", v);
    }

    String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-62s %14s  %s%n", "figure (" + server + ")", "value", "unit"));
        for (Metric m : metrics) {
            sb.append(String.format(Locale.ROOT, "%-62s %14s  %s%n", m.label(), format(m.value()), m.unit()));
        }
        for (String n : notes) {
            sb.append("note: ").append(n).append('\n');
        }
        return sb.toString();
    }

    String toJson() {
        StringBuilder sb = new StringBuilder("{\n  \"server\": ").append(Json.quote(server)).append(",\n  \"info\": {");
        String sep = "\n";
        for (var e : info.entrySet()) {
            sb.append(sep).append("    ").append(Json.quote(e.getKey())).append(": ").append(Json.quote(e.getValue()));
            sep = ",\n";
        }
        sb.append("\n  },\n  \"metrics\": [");
        sep = "\n";
        for (Metric m : metrics) {
            sb.append(sep).append("    {\"key\": ").append(Json.quote(m.key())).append(", \"label\": ").append(Json.quote(m.label()))
                    .append(", \"unit\": ").append(Json.quote(m.unit())).append(", \"value\": ")
                    .append(m.value() == null || m.value().isNaN() ? "null" : String.format(Locale.ROOT, "%.4f", m.value()))
                    .append(", \"higherIsBetter\": ").append(m.higherIsBetter()).append('}');
            sep = ",\n";
        }
        sb.append("\n  ],\n  \"notes\": [");
        sep = "\n";
        for (String n : notes) {
            sb.append(sep).append("    ").append(Json.quote(n));
            sep = ",\n";
        }
        return sb.append("\n  ]\n}\n").toString();
    }

    @SuppressWarnings("unchecked")
    static Results fromJson(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        Results r = new Results((String) root.get("server"));
        ((Map<String, Object>) root.get("info")).forEach((k, v) -> r.info.put(k, String.valueOf(v)));
        for (Object o : (List<Object>) root.get("metrics")) {
            Map<String, Object> m = (Map<String, Object>) o;
            Number v = (Number) m.get("value");
            r.metrics.add(new Metric((String) m.get("key"), (String) m.get("label"), (String) m.get("unit"),
                    v == null ? null : v.doubleValue(), Boolean.TRUE.equals(m.get("higherIsBetter"))));
        }
        for (Object n : (List<Object>) root.get("notes")) {
            r.notes.add((String) n);
        }
        return r;
    }
}
