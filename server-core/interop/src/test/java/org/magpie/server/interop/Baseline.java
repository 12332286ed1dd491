package org.magpie.server.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the build expects of a SINT run, committed in {@code sint-baseline.properties}: the least
 * number of tests that must pass, and the few failing tests that do not fail the build, each with
 * its reason.
 */
record Baseline(int minimumPassed, Map<String, String> excluded) {

    static final String FILE = "sint-baseline.properties";
    private static final String EXCLUDE = "exclude.";

    static Baseline load() {
        Properties p = new Properties();
        try (InputStream in = Baseline.class.getResourceAsStream("/" + FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the test class path");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String min = p.getProperty("minimum.passed");
        if (min == null || !min.strip().matches("\\d+")) {
            throw new IllegalStateException(FILE + ": minimum.passed must be a whole number, not " + min);
        }
        Map<String, String> excluded = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(EXCLUDE)) {
                String reason = p.getProperty(key).strip();
                if (reason.isEmpty()) {
                    throw new IllegalStateException(FILE + ": " + key + " needs a reason");
                }
                excluded.put(key.substring(EXCLUDE.length()), reason);
            }
        }
        return new Baseline(Integer.parseInt(min.strip()), excluded);
    }
}
