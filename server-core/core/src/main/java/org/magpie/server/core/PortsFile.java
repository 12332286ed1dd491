package org.magpie.server.core;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.magpie.server.api.ListeningPorts;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@code data/ports.properties} current: one {@code <setting>=<bound port>} line for every
 * port open now (the client port, the file transfer port, the admin console), so that a port set to
 * 0 (any free port) can be found by an operator, a script or a test. The file is replaced atomically
 * at every change (a reader never sees half of it) and removed when the server stops; a stale file
 * of an earlier run is removed at start.
 */
@Component(service = ListeningPorts.class)
public final class PortsFile implements ListeningPorts {

    /** in the data folder; the launcher's PortsFileReader.FILE */
    static final String FILE = "ports.properties";
    private static final Logger LOG = LoggerFactory.getLogger(PortsFile.class);

    private final Path file;
    private final Map<String, Integer> open = new TreeMap<>();

    @Activate
    public PortsFile(BundleContext context) throws IOException {
        this(Path.of(orDefault(context.getProperty("magpie.data.dir"), "data")).resolve(FILE));
    }

    PortsFile(Path file) throws IOException {
        this.file = file;
        Files.deleteIfExists(file);
    }

    @Override
    public synchronized void opened(String setting, int port) {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException(setting + ": " + port + " is not a bound port");
        }
        open.put(setting, port);
        LOG.info("listening: {}={}", setting, port);
        write();
    }

    @Override
    public synchronized void closed(String setting) {
        if (open.remove(setting) != null) {
            write();
        }
    }

    @Deactivate
    synchronized void stop() {
        open.clear();
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", file, e.getMessage());
        }
    }

    /** A failure is logged, not thrown: the port is open and serving whether or not the file says so. */
    private void write() {
        List<String> lines = new ArrayList<>();
        lines.add("# The ports this Magpie server listens on now (written at every change, removed when it stops).");
        open.forEach((setting, port) -> lines.add(setting + "=" + port));
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, lines, StandardCharsets.ISO_8859_1);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.warn("cannot write {}: {}", file, e.getMessage());
        }
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
