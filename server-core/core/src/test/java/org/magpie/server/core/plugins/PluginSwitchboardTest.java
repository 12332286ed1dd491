package org.magpie.server.core.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.api.plugins.PluginSwitch.PluginSwitchException;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;

/**
 * Switching plugins on a real Felix framework with two tiny bundles as plugins, and the list of
 * switched-off plugins in a real folder.
 */
class PluginSwitchboardTest {

    private static final String WEATHER = "org.magpie.plugin.weather";
    private static final String ROOMS = "org.magpie.plugin.rooms";

    @TempDir
    Path tmp;

    private Framework framework;
    private Bundle weather;
    private Bundle rooms;
    private Path file;

    @BeforeEach
    void start() throws Exception {
        framework = new FrameworkFactory().newFramework(Map.of(Constants.FRAMEWORK_STORAGE, tmp.resolve("cache").toString(),
                Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT));
        framework.start();
        weather = install(WEATHER);
        rooms = install(ROOMS);
        file = Files.createDirectories(tmp.resolve("data")).resolve(PluginSwitchboard.FILE);
    }

    @AfterEach
    void stop() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    private BundleContext context() {
        return framework.getBundleContext();
    }

    /** A bundle with nothing but a manifest, started. */
    private Bundle install(String symbolicName) throws Exception {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        m.getMainAttributes().putValue(Constants.BUNDLE_SYMBOLICNAME, symbolicName);
        Path jar = tmp.resolve(symbolicName + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, m)) {
            // the manifest is all
        }
        Bundle b = context().installBundle(jar.toUri().toString());
        b.start();
        return b;
    }

    private static int level(Bundle b) {
        return b.adapt(BundleStartLevel.class).getStartLevel();
    }

    @Test
    void switchingOffStopsThePluginParksItAndRemembersIt() throws Exception {
        PluginSwitchboard board = new PluginSwitchboard(context(), file);
        board.set(WEATHER, false);

        assertEquals(Bundle.RESOLVED, weather.getState(), "stopped");
        assertEquals(PluginSwitchboard.OFF_LEVEL, level(weather), "parked where the framework never starts it");
        assertEquals(Bundle.ACTIVE, rooms.getState(), "the others go on");
        assertEquals(List.of(WEATHER), Files.readAllLines(file, StandardCharsets.UTF_8));
        assertEquals(Set.of(WEATHER), board.switchedOff());
        assertTrue(Files.notExists(file.resolveSibling(PluginSwitchboard.FILE + ".tmp")), "written in one step");

        // the next start (a new board over the same folder) knows it
        assertEquals(Set.of(WEATHER), new PluginSwitchboard(context(), file).switchedOff());
    }

    @Test
    void switchingOnStartsItAtTheLevelOfEveryOtherBundleAndForgetsIt() throws Exception {
        PluginSwitchboard board = new PluginSwitchboard(context(), file);
        board.set(WEATHER, false);
        board.set(ROOMS, false);
        board.set(WEATHER, true);

        assertEquals(Bundle.ACTIVE, weather.getState());
        assertEquals(framework.adapt(FrameworkStartLevel.class).getInitialBundleStartLevel(), level(weather),
                "back at the level every other bundle has");
        assertEquals(Set.of(ROOMS), board.switchedOff());
        assertEquals(List.of(ROOMS), Files.readAllLines(file, StandardCharsets.UTF_8));
    }

    @Test
    void switchingTwiceTheSameWayChangesNothingMore() throws Exception {
        PluginSwitchboard board = new PluginSwitchboard(context(), file);
        board.set(ROOMS, true); // on already: not listed, still running
        assertEquals(Bundle.ACTIVE, rooms.getState());
        assertEquals(Set.of(), board.switchedOff());

        board.set(ROOMS, false);
        board.set(ROOMS, false);
        assertEquals(List.of(ROOMS), Files.readAllLines(file, StandardCharsets.UTF_8), "listed once");
        assertEquals(Bundle.RESOLVED, rooms.getState());
    }

    @Test
    void anUnknownPluginIsAClearErrorAndChangesNothing() throws Exception {
        PluginSwitchboard board = new PluginSwitchboard(context(), file);
        PluginSwitchException e = assertThrows(PluginSwitchException.class, () -> board.set("org.magpie.plugin.nothing", false));
        assertEquals("there is no plugin org.magpie.plugin.nothing", e.getMessage());
        assertTrue(Files.notExists(file));
    }

    @Test
    void aChoiceThatCannotBeStoredIsRefusedAndThePluginKeepsRunning() throws Exception {
        Path nowhere = tmp.resolve("no-such-folder").resolve(PluginSwitchboard.FILE);
        PluginSwitchboard board = new PluginSwitchboard(context(), nowhere);
        PluginSwitchException e = assertThrows(PluginSwitchException.class, () -> board.set(WEATHER, false));
        assertTrue(e.getMessage().startsWith("the choice could not be stored in " + nowhere), e.getMessage());
        assertEquals(Bundle.ACTIVE, weather.getState(), "not switched off when the next start would switch it on again");
    }

    @Test
    void theListSkipsBlankLinesAndCommentsAnAdministratorWrote() throws Exception {
        Files.writeString(file, "# parked for the move\n\n  " + WEATHER + "  \n#" + ROOMS + "\n", StandardCharsets.UTF_8);
        assertEquals(Set.of(WEATHER), new PluginSwitchboard(context(), file).switchedOff());
    }

    @Test
    void withoutAFileNothingIsSwitchedOff() {
        assertEquals(Set.of(), new PluginSwitchboard(context(), file).switchedOff());
    }
}
