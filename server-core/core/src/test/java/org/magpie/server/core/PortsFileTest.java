package org.magpie.server.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** data/ports.properties: this run's open ports, as a properties file an operator or a script reads. */
class PortsFileTest {

    @TempDir
    Path data;

    private Path file() {
        return data.resolve(PortsFile.FILE);
    }

    private Map<String, String> read() throws Exception {
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file())) {
            p.load(in);
        }
        Map<String, String> m = new TreeMap<>();
        p.forEach((k, v) -> m.put((String) k, (String) v));
        return m;
    }

    @Test
    void anEarlierRunsFileIsRemovedAtStart() throws Exception {
        Files.writeString(file(), "server.client.port=5222\n");
        new PortsFile(file());
        assertTrue(Files.notExists(file()));
    }

    @Test
    void everyOpenPortIsListedUnderItsSetting() throws Exception {
        PortsFile ports = new PortsFile(file());
        ports.opened("server.client.port", 40000);
        assertEquals(Map.of("server.client.port", "40000"), read());

        ports.opened("files.http.port", 40001);
        ports.opened("console.port", 40002);
        assertEquals(Map.of("server.client.port", "40000", "files.http.port", "40001", "console.port", "40002"), read());

        ports.closed("files.http.port");
        assertEquals(Map.of("server.client.port", "40000", "console.port", "40002"), read());

        ports.opened("files.http.port", 40003); // the plugin started again on another free port
        assertEquals(Map.of("server.client.port", "40000", "files.http.port", "40003", "console.port", "40002"), read());
    }

    @Test
    void theFileIsReplacedInOneStepAndGoesWhenTheServerStops() throws Exception {
        PortsFile ports = new PortsFile(file());
        ports.opened("server.client.port", 40000);
        assertTrue(Files.notExists(data.resolve(PortsFile.FILE + ".tmp")), "no half-written file left beside it");
        ports.stop();
        assertTrue(Files.notExists(file()));
    }

    @Test
    void anUnboundPortIsRefused() throws Exception {
        PortsFile ports = new PortsFile(file());
        assertThrows(IllegalArgumentException.class, () -> ports.opened("server.client.port", 0));
        assertTrue(Files.notExists(file()));
    }
}
