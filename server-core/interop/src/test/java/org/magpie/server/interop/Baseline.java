package org.magpie.server.interop;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * What the build expects of a SINT run, committed in {@code sint-baseline.properties}: the least
 * number of tests that must pass, the few failing tests that do not fail the build, and the few tests
 * SINT is not to run at all (those that end SINT's whole run instead of failing), each with its reason.
 */
record Baseline(int minimumPassed, Map<String, String> excluded, Map<String, String> disabled) {

    static final String FILE = "sint-baseline.properties";
    private static final String EXCLUDE = "exclude.";
    private static final String DISABLE = "disable.";

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
        return new Baseline(Integer.parseInt(min.strip()), entries(p, EXCLUDE), entries(p, DISABLE));
    }

    /** The entries {@code <prefix><TestClass>.<method>=<reason>}, by test. */
    private static Map<String, String> entries(Properties p, String prefix) {
        Map<String, String> entries = new TreeMap<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith(prefix)) {
                String reason = p.getProperty(key).strip();
                if (reason.isEmpty()) {
                    throw new IllegalStateException(FILE + ": " + key + " needs a reason");
                }
                entries.put(key.substring(prefix.length()), reason);
            }
        }
        return entries;
    }
}
