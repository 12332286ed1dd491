package org.magpie.server.core.plugins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

import org.magpie.server.api.plugins.PluginSwitch;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.startlevel.BundleStartLevel;
import org.osgi.framework.startlevel.FrameworkStartLevel;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

/**
 * The runtime half of switching plugins: stops or starts the bundle and keeps the list of switched-off
 * plugins in {@code data/switched-off-plugins}, one symbolic name a line. The launcher reads that
 * file before it starts the plugin folder's watcher and parks each listed plugin at a start level the
 * framework never reaches, so it is installed but never started; switching it on here brings it down
 * to the level every other bundle has. (The launcher's SwitchedOffPlugins holds the other half.)
 */
@Component(service = PluginSwitch.class)
public final class PluginSwitchboard implements PluginSwitch {

    /** the launcher's SwitchedOffPlugins.FILE */
    static final String FILE = "switched-off-plugins";
    /** the launcher's SwitchedOffPlugins.OFF_LEVEL: a start level the framework never reaches */
    static final int OFF_LEVEL = Integer.MAX_VALUE;
    private static final long LEVEL_WAIT_MILLIS = 10_000;

    private final BundleContext context;
    private final Path file;

    @Activate
    public PluginSwitchboard(BundleContext context) {
        this(context, Path.of(context.getProperty("magpie.data.dir")).resolve(FILE));
    }

    PluginSwitchboard(BundleContext context, Path file) {
        this.context = context;
        this.file = file;
    }

    @Override
    public synchronized void set(String symbolicName, boolean on) throws PluginSwitchException {
        Bundle plugin = Arrays.stream(context.getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new PluginSwitchException("there is no plugin " + symbolicName, null));
        Set<String> off = switchedOff();
        if (on ? off.remove(symbolicName) : off.add(symbolicName)) {
            store(off);
        }
        try {
            if (on) {
                moveTo(plugin, context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkStartLevel.class)
                        .getInitialBundleStartLevel());
                plugin.start();
            } else {
                plugin.stop();
                moveTo(plugin, OFF_LEVEL);
            }
        } catch (BundleException | IllegalStateException e) {
            throw new PluginSwitchException(symbolicName + " could not be switched " + (on ? "on" : "off")
                    + ": " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized Set<String> switchedOff() {
        try {
            return Files.isRegularFile(file) ? names(Files.readAllLines(file, StandardCharsets.UTF_8)) : new TreeSet<>();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** the symbolic names in the file's lines (blank lines and {@code #} comments skipped) */
    static Set<String> names(Iterable<String> lines) {
        Set<String> names = new TreeSet<>();
        for (String line : lines) {
            String name = line.strip();
            if (!name.isEmpty() && !name.startsWith("#")) {
                names.add(name);
            }
        }
        return names;
    }

    private void store(Set<String> off) throws PluginSwitchException {
        try {
            Path tmp = file.resolveSibling(FILE + ".tmp");
            Files.write(tmp, off, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new PluginSwitchException("the choice could not be stored in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The framework applies a start level on its own thread: wait, so that start() sees the new level. */
    private static void moveTo(Bundle plugin, int level) throws BundleException {
        BundleStartLevel startLevel = plugin.adapt(BundleStartLevel.class);
        startLevel.setStartLevel(level);
        long deadline = System.currentTimeMillis() + LEVEL_WAIT_MILLIS;
        while (startLevel.getStartLevel() != level) {
            if (System.currentTimeMillis() > deadline) {
                throw new BundleException("the framework did not move it to start level " + level);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BundleException("interrupted while moving it to start level " + level, e);
            }
        }
    }
}
