package org.magpie.server.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoggingSetupTest {

    @TempDir
    Path home;

    @Test
    void dataDirIsSubstitutedInLoggingProperties() throws Exception {
        LauncherConfig c = LauncherConfig.load(home, Map.of(), new Properties());
        Properties raw = new Properties();
        raw.setProperty("java.util.logging.FileHandler.pattern", "${magpie.data.dir}/logs/magpie%g.log");
        raw.setProperty("java.util.logging.FileHandler.limit", "10485760");
        raw.setProperty("org.apache.mina.level", "WARNING");
        Properties resolved = LoggingSetup.resolve(raw, c);
        String dataDir = c.dataDir().toString().replace('\\', '/');
        assertEquals(dataDir + "/logs/magpie%g.log", resolved.getProperty("java.util.logging.FileHandler.pattern"));
        assertEquals("10485760", resolved.getProperty("java.util.logging.FileHandler.limit"));
        assertEquals("WARNING", resolved.getProperty("org.apache.mina.level"));
    }
}
