package org.magpie.client.service.smack.tests;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.magpie.client.service.ServerAddress;

/**
 * The real Magpie server for a test class: the built distribution (system property
 * {@code magpie.dist}, else found next to this source tree) copied into a temporary folder and
 * started with its own {@code bin/magpie-server --daemon}, with settings given as {@code -D} options
 * in JAVA_OPTS. Its ports are set to 0 on the first start: the server binds free ones itself and
 * names them in {@code data/ports.properties}, where they are read (never a port picked by the test
 * and released, which another test's server may take meanwhile). {@link #close()} stops it with
 * {@code bin/magpie-server stop}.
 */
@SuppressWarnings("try") // close() may be interrupted while the server stops; tests pass that on
final class MagpieServer implements AutoCloseable {

    static final String DOMAIN = "localhost";
    static final String CLIENT_PORT = "server.client.port";
    static final String FILES_PORT = "files.http.port";
    static final String CONSOLE_PORT = "console.port";
    private static final long SCRIPT_TIMEOUT_SECONDS = 180;
    private static final long PORT_WAIT_SECONDS = 60;

    private final Path home;
    private final List<String> settings;
    private final Thread stopOnExit;
    /** 0 until the first start has bound one; a restart takes the same, for clients that reconnect */
    private int port;
    private boolean running;

    private MagpieServer(Path home, List<String> settings) {
        this.home = home;
        this.settings = settings;
        this.stopOnExit = new Thread(this::stopQuietly, "stop magpie server " + home);
    }

    /**
     * Copies the distribution to {@code dir} and starts it.
     *
     * @param settings server settings such as {@code auth.registration.enabled=false}
     */
    static MagpieServer start(Path dir, String... settings) throws Exception {
        Path home = dir.resolve("magpie-server");
        copyTree(distribution(), home);
        List<String> options = new ArrayList<>();
        for (String s : settings) {
            options.add("-D" + s);
        }
        MagpieServer server = new MagpieServer(home, options);
        Runtime.getRuntime().addShutdownHook(server.stopOnExit);
        server.start();
        return server;
    }

    /** Where clients connect: loopback, the server's port, domain "localhost". */
    ServerAddress address() {
        return new ServerAddress("127.0.0.1", port, DOMAIN);
    }

    int port() {
        return port;
    }

    Path home() {
        return home;
    }

    /**
     * Starts the daemon, again after {@link #stop()}; returns once clients can connect. A restart
     * binds the client port of the first start again (a client that reconnects finds it there);
     * the other ports are free ones each time.
     */
    synchronized void start() throws Exception {
        List<String> opts = new ArrayList<>();
        opts.add("-Dauth.registration.per.address.per.hour=0"); // tests register many accounts from loopback
        opts.add("-D" + FILES_PORT + "=0");
        opts.add("-D" + CONSOLE_PORT + "=0");
        opts.addAll(settings);
        opts.add("-D" + CLIENT_PORT + "=" + port);
        opts.add("-Dserver.domain=" + DOMAIN);
        opts.add("-Xmx256m");
        script("--daemon", String.join(" ", opts)); // returns once the client port accepts connections
        running = true;
        port = boundPort(CLIENT_PORT);
    }

    /**
     * The port {@code setting}'s listener bound, as the server wrote it to {@code data/ports.properties}
     * (waiting for it: a plugin's port opens when the plugin has started).
     */
    int boundPort(String setting) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PORT_WAIT_SECONDS);
        while (true) {
            Properties ports = new Properties();
            try (Reader in = Files.newBufferedReader(home.resolve("data/ports.properties"), StandardCharsets.ISO_8859_1)) {
                ports.load(in);
            } catch (NoSuchFileException notYet) {
                // the server writes it once its first port is open
            }
            String port = ports.getProperty(setting);
            if (port != null) {
                return Integer.parseInt(port.strip());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(setting + " is not in data/ports.properties after " + PORT_WAIT_SECONDS
                        + " s: " + ports);
            }
            Thread.sleep(50); // the poll's pace: the port opens, this only spaces the looks
        }
    }

    /** Stops the daemon (gracefully; the script kills it after 30 s). */
    synchronized void stop() throws Exception {
        script("stop", "");
        running = false;
    }

    /** Deletes the generated certificate: the next start makes a new one. */
    void forgetCertificate() throws IOException {
        deleteTree(home.resolve("data/tls"));
    }

    @Override
    public void close() throws Exception {
        try {
            if (running) {
                stop();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the hook runs anyway
            }
        }
    }

    private void stopQuietly() {
        try {
            if (running) {
                stop();
            }
        } catch (Exception e) {
            System.err.println("could not stop the Magpie server at " + home + ": " + e);
        }
    }

    private void script(String command, String javaOpts) throws Exception {
        Path log = Files.createTempFile(home, "script-" + command.replace("-", ""), ".log");
        ProcessBuilder pb = new ProcessBuilder("sh", home.resolve("bin/magpie-server").toString(), command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("JAVA_HOME", Path.of(System.getProperty("java.home")).toString());
        pb.environment().put("JAVA_OPTS", javaOpts);
        Process p = pb.start();
        if (!p.waitFor(SCRIPT_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/magpie-server " + command + " did not finish: " + read(log));
        }
        if (p.exitValue() != 0) {
            Path console = home.resolve("data/logs/console.log");
            throw new IllegalStateException("bin/magpie-server " + command + " failed (" + p.exitValue() + "): " + read(log)
                    + (Files.exists(console) ? "\n--- console.log:\n" + read(console) : ""));
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The distribution: -Dmagpie.dist, else server-core/distribution/target/magpie-server-* above the working directory. */
    static Path distribution() {
        String configured = System.getProperty("magpie.dist");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            if (!Files.isRegularFile(p.resolve("bin/magpie-server"))) {
                throw new IllegalStateException("magpie.dist=" + configured + " is not a Magpie server distribution");
            }
            return p;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path target = dir.resolve("server-core/distribution/target");
            if (Files.isDirectory(target)) {
                try (Stream<Path> s = Files.list(target)) {
                    Optional<Path> dist = s.filter(p -> p.getFileName().toString().startsWith("magpie-server-"))
                            .filter(p -> Files.isRegularFile(p.resolve("bin/magpie-server"))).findFirst();
                    if (dist.isPresent()) {
                        return dist.get();
                    }
                } catch (IOException e) {
                    // keep looking
                }
            }
        }
        throw new IllegalStateException("No Magpie server distribution: set -Dmagpie.dist or build it first with "
                + "'.ci/mvn -q -DskipTests install -pl server-core/distribution -am'");
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path rel = from.relativize(p);
                if (rel.getNameCount() > 0 && rel.getName(0).toString().equals("data")) {
                    continue; // a used distribution: start from scratch
                }
                Path target = to.resolve(rel.toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }
}
