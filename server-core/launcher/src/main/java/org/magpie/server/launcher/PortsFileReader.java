package org.magpie.server.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.OptionalInt;
import java.util.Properties;

/**
 * The launcher's side of {@code data/ports.properties}, which the core's PortsFile writes: the port
 * each listener bound ({@code <setting>=<port>}), the way to find a port set to 0 (any free port).
 * The launcher removes the file of an earlier run before the framework starts, so what it reads
 * later is this run's.
 */
final class PortsFileReader {

    /** the core's PortsFile.FILE */
    static final String FILE = "ports.properties";

    private PortsFileReader() {
    }

    static void forgetEarlierRun(Path dataDir) throws IOException {
        Files.deleteIfExists(dataDir.resolve(FILE));
    }

    /** The port {@code setting}'s listener bound, if it is open now. */
    static OptionalInt bound(Path dataDir, String setting) {
        Properties ports = new Properties();
        try (Reader in = Files.newBufferedReader(dataDir.resolve(FILE), StandardCharsets.ISO_8859_1)) {
            ports.load(in);
        } catch (NoSuchFileException notYet) {
            return OptionalInt.empty();
        } catch (IOException | IllegalArgumentException e) {
            return OptionalInt.empty(); // replaced atomically, so never half-written: unreadable means not there
        }
        try {
            String port = ports.getProperty(setting);
            return port == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port.strip()));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
