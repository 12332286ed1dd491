package org.magpie.server.launcher;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.logging.LogManager;

/**
 * Configures java.util.logging (the back end of slf4j-jdk14) from {@code conf/logging.properties},
 * after replacing {@code ${magpie.data.dir}}, {@code ${magpie.home}} and other framework properties.
 * Skipped when the JVM was started with {@code -Djava.util.logging.config.file} or
 * {@code -Djava.util.logging.config.class}: an explicit choice wins.
 */
final class LoggingSetup {

    private LoggingSetup() {
    }

    /** @return the file that was applied, or null when nothing was done */
    static Path apply(LauncherConfig config) throws IOException, LauncherException {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return null;
        }
        Path file = config.home().resolve(LauncherConfig.LOGGING_FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties raw = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            raw.load(in);
        }
        Properties resolved = resolve(raw, config);
        // Properties.store escapes what needs escaping (Windows back slashes), readConfiguration reads it back
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        resolved.store(buffer, null);
        Files.createDirectories(config.logDir());
        LogManager.getLogManager().readConfiguration(new ByteArrayInputStream(buffer.toByteArray()));
        return file;
    }

    static Properties resolve(Properties raw, LauncherConfig config) throws LauncherException {
        Properties resolved = new Properties();
        for (String key : raw.stringPropertyNames()) {
            String value = config.substitute(LauncherConfig.LOGGING_FILE, key, raw.getProperty(key));
            if (key.endsWith(".pattern") && key.startsWith("java.util.logging.FileHandler")) {
                // FileHandler patterns use '/' as the separator on every platform
                value = value.replace('\\', '/');
            }
            resolved.setProperty(key, value);
        }
        return resolved;
    }
}
