package org.magpie.server.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a plugin an administrator switched off from ever starting. The list is
 * {@code data/switched-off-plugins} (one bundle symbolic name a line, written by the core's
 * PluginSwitchboard); the plugin folder's watcher installs and starts every jar it finds, so each
 * listed plugin is parked, the moment it is installed and before the watcher's start, at a start level
 * the framework never reaches: it is installed and listed, but none of its components runs.
 */
final class SwitchedOffPlugins implements SynchronousBundleListener {

    private static final Logger LOG = LoggerFactory.getLogger(SwitchedOffPlugins.class);

    /** the core's PluginSwitchboard.FILE */
    static final String FILE = "switched-off-plugins";
    /** the core's PluginSwitchboard.OFF_LEVEL: a start level the framework never reaches */
    static final int OFF_LEVEL = Integer.MAX_VALUE;
    private static final long LEVEL_WAIT_MILLIS = 10_000;

    private final Path file;

    SwitchedOffPlugins(Path dataDir) {
        this.file = dataDir.resolve(FILE);
    }

    /** Parks listed plugins from now on (for the framework's lifetime: plugins may be dropped in later). */
    static void keepOff(BundleContext context, Path dataDir) {
        context.addBundleListener(new SwitchedOffPlugins(dataDir));
    }

    /** whether the bundle is parked, i.e. switched off: it is not expected to start */
    static boolean parked(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        return level != null && level.getStartLevel() == OFF_LEVEL;
    }

    @Override
    public void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.INSTALLED && switchedOff(event.getBundle().getSymbolicName())) {
            park(event.getBundle());
        }
    }

    boolean switchedOff(String symbolicName) {
        try {
            return symbolicName != null && Files.isRegularFile(file)
                    && Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).toList().contains(symbolicName);
        } catch (IOException e) {
            LOG.error("cannot read the switched-off plugins in {}: {}; {} starts", file, e.getMessage(), symbolicName);
            return false;
        }
    }

    /**
     * The framework applies a start level on its own thread; the watcher starts the bundle once it has
     * installed the whole folder, so wait here (on the watcher's thread) until the level is applied.
     */
    private static void park(Bundle bundle) {
        BundleStartLevel level = bundle.adapt(BundleStartLevel.class);
        level.setStartLevel(OFF_LEVEL);
        long deadline = System.currentTimeMillis() + LEVEL_WAIT_MILLIS;
        try {
            while (level.getStartLevel() != OFF_LEVEL && System.currentTimeMillis() < deadline) {
                Thread.sleep(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (level.getStartLevel() == OFF_LEVEL) {
            LOG.info("plugin {} is switched off: installed, not started", bundle.getSymbolicName());
        } else {
            LOG.error("plugin {} is switched off but could not be kept from starting", bundle.getSymbolicName());
        }
    }
}
