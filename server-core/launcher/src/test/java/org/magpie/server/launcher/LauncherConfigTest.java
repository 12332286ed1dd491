package org.magpie.server.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherConfigTest {

    @TempDir
    Path home;

    private final Properties system = new Properties();

    private void write(String file, String... lines) throws IOException {
        Path p = home.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
    }

    private LauncherConfig load(Map<String, String> overrides) throws Exception {
        return LauncherConfig.load(home, overrides, system);
    }

    @Test
    void withoutFilesEverythingHasADefault() throws Exception {
        LauncherConfig c = load(Map.of());
        Path abs = home.toAbsolutePath().normalize();
        assertEquals(abs, c.home());
        assertEquals(abs.resolve("data"), c.dataDir());
        assertEquals(abs.toString(), c.frameworkProperties().get("magpie.home"));
        assertEquals(abs.resolve("data").toString(), c.frameworkProperties().get("magpie.data.dir"));
        assertEquals(abs.resolve("data/felix-cache").toString(), c.frameworkProperties().get("org.osgi.framework.storage"));
        // the core component requires org.magpie.server: it exists even without server.* settings
        assertEquals(Map.of("org.magpie.server", Map.of()), c.configurations());
        assertEquals("127.0.0.1", c.clientAddress());
        assertEquals(5222, c.clientPort());
    }

    @Test
    void sectionsBecomePidsAndTheRestOfTheKeyTheProperty() throws Exception {
        write("conf/magpie.properties",
                "server.domain=example.org",
                "server.client.port=5223",
                "server.tls.keystore.password=secret",
                "auth.password.min.length=8",
                "auth.registration.enabled=true",
                "storage.pool.size=4",
                "data.dir=${magpie.home}/var");
        LauncherConfig c = load(Map.of());
        assertEquals(Map.of(
                "org.magpie.server", Map.of("domain", "example.org", "client.port", "5223",
                        "tls.keystore.password", "secret"),
                "org.magpie.auth", Map.of("password.min.length", "8", "registration.enabled", "true"),
                "org.magpie.storage", Map.of("pool.size", "4")), c.configurations());
        // data.dir is not a configuration but the framework property magpie.data.dir
        Path var = home.toAbsolutePath().normalize().resolve("var");
        assertEquals(var, c.dataDir());
        assertEquals(var.toString(), c.frameworkProperties().get("magpie.data.dir"));
        assertEquals(5223, c.clientPort());
    }

    @Test
    void emptyValuesAreLeftOutSoTheComponentDefaultApplies() throws Exception {
        write("conf/magpie.properties", "server.tls.keystore=", "server.tls.keystore.password=  ", "server.domain=x");
        assertEquals(Map.of("domain", "x"), load(Map.of()).configurations().get("org.magpie.server"));
    }

    @Test
    void substitutionWorksInBothFilesAndAcrossThem() throws Exception {
        write("conf/framework.properties",
                "org.osgi.framework.storage=${magpie.data.dir}/felix-cache",
                "felix.fileinstall.dir=${magpie.home}/plugins",
                "base=${magpie.home}/x",
                "derived=${base}/y",
                "from.settings=${server.domain}",
                "from.system=${some.system.property}/z");
        write("conf/magpie.properties",
                "server.domain=chat.example",
                "server.tls.keystore=${magpie.data.dir}/tls/keystore.p12",
                "server.motd=welcome to ${server.domain}",
                "data.dir=store");
        system.setProperty("some.system.property", "sys");
        LauncherConfig c = load(Map.of());
        Path abs = home.toAbsolutePath().normalize();
        Map<String, String> fw = c.frameworkProperties();
        assertEquals(abs.resolve("store") + "/felix-cache", fw.get("org.osgi.framework.storage"));
        assertEquals(abs + "/plugins", fw.get("felix.fileinstall.dir"));
        assertEquals(abs + "/x/y", fw.get("derived"));
        assertEquals("chat.example", fw.get("from.settings"));
        assertEquals("sys/z", fw.get("from.system"));
        Map<String, String> server = c.configurations().get("org.magpie.server");
        assertEquals(abs.resolve("store") + "/tls/keystore.p12", server.get("tls.keystore"));
        assertEquals("welcome to chat.example", server.get("motd"));
        assertEquals("sys/z", c.substitute("conf/logging.properties", "k", "${from.system}"));
        assertEquals(abs.resolve("store") + "/logs/magpie%g.log",
                c.substitute("conf/logging.properties", "k", "${magpie.data.dir}/logs/magpie%g.log"));
    }

    @Test
    void overridesWinOverSystemPropertiesWhichWinOverFiles() throws Exception {
        write("conf/framework.properties", "felix.fileinstall.poll=1000", "gosh.args=--noshutdown");
        write("conf/magpie.properties", "server.client.port=5222", "server.domain=file", "auth.registration.enabled=true");
        system.setProperty("server.domain", "system");
        system.setProperty("server.client.port", "6000");
        system.setProperty("gosh.args", "--nointeractive --noshutdown");
        system.setProperty("auth.registration.enabled", "false");
        LauncherConfig c = load(Map.of("server.client.port", "7000", "felix.fileinstall.poll", "200"));
        assertEquals(7000, c.clientPort());
        assertEquals("7000", c.configurations().get("org.magpie.server").get("client.port"));
        assertEquals("system", c.configurations().get("org.magpie.server").get("domain"));
        assertEquals("false", c.configurations().get("org.magpie.auth").get("registration.enabled"));
        assertEquals("200", c.frameworkProperties().get("felix.fileinstall.poll"));
        assertEquals("--nointeractive --noshutdown", c.frameworkProperties().get("gosh.args"));
    }

    @Test
    void newKeysAreSortedByPrefix() throws Exception {
        system.setProperty("java.vendor.extra", "not a setting");
        system.setProperty("user.country.x", "not a setting");
        system.setProperty("server.limits.stanza.bytes", "1000"); // known section
        LauncherConfig c = load(Map.of(
                "felix.fileinstall.poll", "200",          // framework prefix
                "magpie.launcher.configadmin.wait.seconds", "3",
                "rooms.service", "rooms",                 // a new section from a test
                "data.dir", "elsewhere"));
        assertEquals("200", c.frameworkProperties().get("felix.fileinstall.poll"));
        assertEquals("3", c.frameworkProperties().get("magpie.launcher.configadmin.wait.seconds"));
        assertEquals(Map.of("service", "rooms"), c.configurations().get("org.magpie.rooms"));
        assertEquals("1000", c.configurations().get("org.magpie.server").get("limits.stanza.bytes"));
        assertFalse(c.frameworkProperties().containsKey("java.vendor.extra"));
        assertNull(c.configurations().get("org.magpie.java"));
        assertNull(c.configurations().get("org.magpie.user"));
        assertEquals(home.toAbsolutePath().normalize().resolve("elsewhere"), c.dataDir());
    }

    @Test
    void magpieDataDirOverrideMeansDataDir() throws Exception {
        Path other = home.resolve("other").toAbsolutePath();
        LauncherConfig c = load(Map.of("magpie.data.dir", other.toString()));
        assertEquals(other, c.dataDir());
        assertFalse(c.configurations().containsKey("org.magpie.magpie"));
    }

    @Test
    void unknownVariableIsAClearError() throws Exception {
        write("conf/magpie.properties", "server.domain=${no.such.thing}");
        LauncherException e = assertThrows(LauncherException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().contains("conf/magpie.properties"), e.getMessage());
        assertTrue(e.getMessage().contains("server.domain"), e.getMessage());
        assertTrue(e.getMessage().contains("${no.such.thing}"), e.getMessage());
    }

    @Test
    void cyclesAreDetected() throws Exception {
        write("conf/framework.properties", "a=${b}", "b=${a}");
        LauncherException e = assertThrows(LauncherException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().contains("refers to itself"), e.getMessage());
    }

    @Test
    void aSettingWithoutSectionIsAnError() throws Exception {
        write("conf/magpie.properties", "domain=example.org");
        LauncherException e = assertThrows(LauncherException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().contains("<section>.<key>"), e.getMessage());
    }

    @Test
    void aBadPortIsAnError() throws Exception {
        write("conf/magpie.properties", "server.client.port=52x2");
        LauncherException e = assertThrows(LauncherException.class, () -> load(Map.of()));
        assertTrue(e.getMessage().contains("server.client.port"), e.getMessage());
    }

    @Test
    void filesAreUtf8() throws Exception {
        write("conf/magpie.properties", "server.motd=欢迎 Magpie");
        assertEquals("欢迎 Magpie", load(Map.of()).configurations().get("org.magpie.server").get("motd"));
    }

    @Test
    void wildcardAddressesAreProbedOnLoopback() throws Exception {
        assertEquals("127.0.0.1", load(Map.of("server.client.address", "0.0.0.0")).probeAddress());
        assertEquals("127.0.0.1", load(Map.of()).probeAddress());
    }
}
