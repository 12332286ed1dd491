package org.magpie.server.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

/**
 * Boots a real Felix with the real ConfigurationAdmin bundle (copied to target/test-bundles by the
 * build) and checks what the launcher pushes into it.
 */
class LauncherBootTest {

    @TempDir
    Path home;

    @BeforeEach
    void home() throws IOException {
        Path bundles = Files.createDirectories(home.resolve("bundles"));
        Path source = Path.of(System.getProperty("magpie.test.bundles", "target/test-bundles"))
                .resolve("org.apache.felix.configadmin.jar");
        Files.copy(source, bundles.resolve(source.getFileName()));
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/framework.properties"), String.join("\n",
                "org.osgi.framework.storage=${magpie.data.dir}/felix-cache",
                "org.osgi.framework.storage.clean=onFirstInit",
                "felix.log.level=2"));
        Files.writeString(home.resolve("conf/magpie.properties"), String.join("\n",
                "server.domain=localhost",
                "server.client.port=5222",
                "server.tls.keystore=",
                "auth.password.min.length=8",
                "data.dir=${magpie.home}/data"));
        Files.writeString(home.resolve("conf/logging.properties"), String.join("\n",
                "handlers=java.util.logging.FileHandler",
                "java.util.logging.FileHandler.pattern=${magpie.data.dir}/logs/magpie%g.log",
                "java.util.logging.FileHandler.formatter=java.util.logging.SimpleFormatter",
                ".level=INFO"));
    }

    @Test
    void bootsAndPushesSettingsIntoConfigurationAdmin() throws Exception {
        try (Launcher launcher = Launcher.start(home, Map.of("server.client.port", "0"))) {
            Bundle[] bundles = launcher.framework().getBundleContext().getBundles();
            assertEquals(2, bundles.length, Arrays.toString(bundles));
            assertTrue(Arrays.stream(bundles).allMatch(b -> b.getState() == Bundle.ACTIVE), Arrays.toString(bundles));
            assertEquals(List.of(), launcher.startFailures());
            assertEquals(List.of(), launcher.diagnose());

            Map<String, Object> server = launcher.configuration("org.magpie.server");
            assertEquals("localhost", server.get("domain"));
            assertEquals("0", server.get("client.port"));
            assertTrue(!server.containsKey("tls.keystore"), "empty values are left out");
            assertEquals("8", launcher.configuration("org.magpie.auth").get("password.min.length"));

            // pushing the same settings again changes nothing; a changed value updates only its PID
            assertEquals(List.of(), launcher.applySettings(launcher.config().configurations()));
            assertEquals(List.of("org.magpie.auth"), launcher.applySettings(Map.of(
                    "org.magpie.server", launcher.config().configurations().get("org.magpie.server"),
                    "org.magpie.auth", Map.of("password.min.length", "10"))));
            assertEquals("10", launcher.configuration("org.magpie.auth").get("password.min.length"));

            assertEquals(home.toAbsolutePath().normalize().resolve("data").toString(),
                    launcher.framework().getBundleContext().getProperty("magpie.data.dir"));
            assertTrue(Files.isDirectory(home.resolve("data/logs")));
            assertTrue(Files.isDirectory(home.resolve("data/felix-cache")));
        }
        assertTrue(Files.exists(home.resolve("data/logs/magpie0.log")));
        String log = Files.readString(home.resolve("data/logs/magpie0.log"));
        assertTrue(log.contains("Magpie started"), log);
    }

    /**
     * A client port set to 0 is found in data/ports.properties, which the core writes once it has
     * bound the port (here written by hand: this framework has no core). A file left by an earlier
     * run is removed at start, so it is never taken for this run's.
     */
    @Test
    void aPortSetToZeroIsReadFromThePortsFileOfThisRun() throws Exception {
        Path ports = Files.createDirectories(home.resolve("data")).resolve("ports.properties");
        Files.writeString(ports, "server.client.port=5999\n");
        try (Launcher launcher = Launcher.start(home, Map.of("server.client.port", "0"))) {
            assertTrue(Files.notExists(ports), "the earlier run's file is gone");
            assertEquals(OptionalInt.empty(), launcher.clientPort());

            Files.writeString(ports, "# written by the core\nfiles.http.port=40001\nserver.client.port=40000\n");
            assertEquals(OptionalInt.of(40000), launcher.clientPort());
        }
    }

    @Test
    void aTakenPortIsAClearError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            LauncherException e = assertThrows(LauncherException.class, () -> Launcher.start(home,
                    Map.of("server.client.port", Integer.toString(taken.getLocalPort()))));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    @Test
    void missingConfigurationAdminIsAClearError() throws Exception {
        Files.delete(home.resolve("bundles/org.apache.felix.configadmin.jar"));
        LauncherException e = assertThrows(LauncherException.class, () -> Launcher.start(home, Map.of(
                "server.client.port", "0",
                Launcher.CONFIGADMIN_WAIT, "1")));
        assertTrue(e.getMessage().contains("ConfigurationAdmin"), e.getMessage());
    }
}
