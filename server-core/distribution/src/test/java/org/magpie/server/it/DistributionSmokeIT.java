package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.launcher.Launcher;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;

/**
 * Smoke test of the assembled distribution: its layout, and that it boots in-process (the launcher
 * bin/magpie-server runs) with every bundle and plugin ACTIVE.
 */
class DistributionSmokeIT {

    private static final Duration BOOT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    static Path dist() {
        return Path.of(System.getProperty("magpie.dist", "target/magpie-server-unknown"));
    }

    @Test
    void layoutIsComplete() throws IOException {
        Path d = dist();
        assertTrue(Files.isDirectory(d), d + " was not assembled");
        assertEquals(Set.of("bin", "conf", "lib", "bundles", "plugins"), names(d), "top level (no data/ shipped)");
        assertEquals(Set.of("magpie-server", "magpie-server.bat"), names(d.resolve("bin")));
        if (d.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertTrue(Files.getPosixFilePermissions(d.resolve("bin/magpie-server"))
                    .contains(PosixFilePermission.OWNER_EXECUTE), "bin/magpie-server is executable");
        }
        assertEquals(Set.of("magpie.properties", "framework.properties", "logging.properties", "sensitive-words.txt"),
                names(d.resolve("conf")));
        assertEquals(Set.of("magpie-server-launcher.jar", "org.apache.felix.framework.jar", "slf4j-api.jar",
                "slf4j-jdk14.jar"), names(d.resolve("lib")));
        Set<String> bundles = names(d.resolve("bundles"));
        for (String expected : List.of("magpie-server-api.jar", "magpie-server-xml.jar", "magpie-server-storage.jar",
                "magpie-server-core.jar", "org.apache.felix.scr.jar", "org.apache.felix.configadmin.jar",
                "org.apache.felix.fileinstall.jar", "org.apache.felix.gogo.shell.jar", "mina-core.jar")) {
            assertTrue(bundles.contains(expected), expected + " missing from bundles/: " + bundles);
        }
        assertTrue(bundles.stream().noneMatch(n -> n.matches(".*-\\d+(\\.\\d+)*(-SNAPSHOT)?\\.jar")),
                "jar names in bundles/ are version-free: " + bundles);
        for (String plugin : List.of("auth", "roster", "rooms", "archive", "filter", "weather", "commands", "admin")) {
            assertTrue(names(d.resolve("plugins")).contains("magpie-plugin-" + plugin + ".jar"), plugin + " is packaged");
        }
        String framework = Files.readString(d.resolve("conf/framework.properties"));
        assertFalse(framework.contains("${slf4j.version}"), "conf/framework.properties was filtered");
        assertTrue(framework.contains("${magpie.home}"), "launcher variables survive the filtering");
    }

    @Test
    void everyBundleAndPluginBecomesActive() throws Exception {
        Path home = copyOfDistribution();
        int expected = jars(home.resolve("bundles")) + jars(home.resolve("plugins")) + 1; // + system bundle
        try (Launcher launcher = Launcher.start(home, overrides())) {
            BundleContext ctx = launcher.framework().getBundleContext();
            long start = System.nanoTime();
            InProcessServer.within(BOOT, () -> ctx.getBundles().length >= expected && notActive(ctx).isEmpty());
            List<String> problems = notActive(ctx);
            if (ctx.getBundles().length < expected) {
                problems.add(0, "only " + ctx.getBundles().length + " of " + expected + " bundles installed: "
                        + Arrays.stream(ctx.getBundles()).map(Bundle::getSymbolicName).collect(Collectors.joining(", ")));
            }
            if (!problems.isEmpty()) {
                problems.addAll(launcher.startFailures());
                problems.addAll(launcher.diagnose().stream().filter(p -> p.startsWith("component")).toList());
                fail("not every bundle is ACTIVE after " + BOOT.toSeconds() + " s:\n  " + String.join("\n  ", problems));
            }
            // components that need the XMPP server's services wait while it is still activating
            InProcessServer.within(BOOT.minusNanos(System.nanoTime() - start), () -> launcher.diagnose().isEmpty());
            assertEquals(List.of(), launcher.diagnose(), "no unsatisfied or failed DS components");
        }
    }

    @Test
    void xmppClientPortOpens() throws Exception {
        Path home = copyOfDistribution();
        try (Launcher launcher = Launcher.start(home, overrides())) {
            if (!launcher.awaitClientPort(BOOT)) {
                List<String> problems = launcher.diagnose();
                fail("the XMPP client port " + launcher.config().clientPort() + " did not open within "
                        + BOOT.toSeconds() + " s: " + (problems.isEmpty()
                                ? "every bundle is ACTIVE and no DS component reports a problem"
                                : "\n  " + String.join("\n  ", problems)));
            }
            assertTrue(Files.isDirectory(home.resolve("data/logs")), "data/logs created on start");
            assertTrue(Files.exists(home.resolve("data/logs/magpie0.log")), "log file written");
        }
    }

    /**
     * Every port set to 0 is bound to a free port, and data/ports.properties names each one while it
     * is open (the XMPP port, the file transfer port, the admin console); the file goes with the server.
     */
    @Test
    void portsSetToZeroAreBoundAndListedInTheDataFolder() throws Exception {
        Path home = copyOfDistribution();
        Path file = home.resolve("data/ports.properties");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "server.client.port=1\n"); // an earlier run's, which must not be believed
        try (Launcher launcher = Launcher.start(home, overrides())) {
            assertTrue(launcher.awaitClientPort(BOOT), "the client port opened");
            for (String setting : List.of("server.client.port", "files.http.port", "console.port")) {
                InProcessServer.eventually(BOOT, () -> InProcessServer.boundPort(home, setting).isPresent());
                int port = InProcessServer.boundPort(home, setting).getAsInt();
                assertTrue(port > 1, setting + "=" + port);
                try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    assertTrue(s.isConnected(), setting + " accepts connections on " + port);
                }
            }
            assertEquals(launcher.clientPort().getAsInt(), InProcessServer.boundPort(home, "server.client.port").getAsInt());
        }
        assertFalse(Files.exists(file), "removed when the server stopped");
    }

    // ------------------------------------------------------------------------------------------

    private Path copyOfDistribution() throws IOException {
        Path home = tmp.resolve("server");
        try (Stream<Path> s = Files.walk(dist())) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = home.resolve(dist().relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return home;
    }

    /** Every port 0, any free one: a server run by another test or by hand may hold 5222, 5443 or 9090. */
    private static Map<String, String> overrides() {
        return Map.of(
                "server.client.port", "0",
                "server.client.address", "127.0.0.1",
                "console.port", "0",
                "files.http.port", "0",
                "felix.fileinstall.poll", "200",
                "gosh.args", "--nointeractive --noshutdown");
    }

    private static List<String> notActive(BundleContext ctx) {
        List<String> result = new ArrayList<>();
        for (Bundle b : ctx.getBundles()) {
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (b.getState() != Bundle.ACTIVE && !(fragment && b.getState() == Bundle.RESOLVED)) {
                result.add(b.getSymbolicName() + " " + b.getVersion() + " is " + state(b.getState())
                        + " (" + b.getLocation() + ")");
            }
        }
        return result;
    }

    private static String state(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "INSTALLED (unresolved)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            default -> "state " + state;
        };
    }

    private static Set<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
    }

    private static int jars(Path dir) throws IOException {
        return (int) names(dir).stream().filter(n -> n.endsWith(".jar")).count();
    }
}
