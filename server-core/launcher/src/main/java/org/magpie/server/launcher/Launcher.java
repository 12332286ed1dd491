package org.magpie.server.launcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

import org.apache.felix.framework.FrameworkFactory;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Boots the Magpie server: an Apache Felix framework with every jar of {@code bundles/} installed and
 * started, Felix FileInstall (one of those bundles) watching {@code plugins/}, and the settings of
 * {@code conf/magpie.properties} pushed into ConfigurationAdmin. See {@link LauncherConfig} for the rules.
 *
 * <p>{@code bin/magpie-server} runs {@link #main(String[])}; integration tests use
 * {@link #start(Path, Map)} and {@link #close()} in-process.
 */
public final class Launcher implements AutoCloseable {

    /** framework property: seconds to wait for the ConfigurationAdmin service (default 30) */
    public static final String CONFIGADMIN_WAIT = "magpie.launcher.configadmin.wait.seconds";

    /** Written once the plugins are up: the core's ClientPort opens the client port then. */
    static final String READY_PID = "org.magpie.server.ready";
    /** How long the set of plugin components still coming up may stay the same before it counts as stuck. */
    private static final Duration SETTLED = Duration.ofSeconds(5);

    /** Felix FileInstall, which installs and starts the plugins in plugins/. */
    static final String PLUGIN_WATCHER = "org.apache.felix.fileinstall";
    /** framework property: seconds main() waits for the client port to accept connections (default 60) */
    public static final String STARTUP_WAIT = "magpie.launcher.startup.wait.seconds";

    /** initialised on first use, so that main() can choose the LogManager first */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    }

    private final Framework framework;
    private final LauncherConfig config;
    private final List<String> startFailures;
    private final ConfigAdminBridge configAdmin;

    private Launcher(Framework framework, LauncherConfig config, List<String> startFailures,
            ConfigAdminBridge configAdmin) {
        this.framework = framework;
        this.config = config;
        this.startFailures = List.copyOf(startFailures);
        this.configAdmin = configAdmin;
    }

    /**
     * Boots the server in this JVM and returns once the framework is started and the settings are in
     * ConfigurationAdmin (bundles and components may still be coming up).
     *
     * @param home      the distribution folder (bin conf lib bundles plugins data)
     * @param overrides framework properties or {@code <section>.<key>} settings that win over
     *                  {@code conf/} and over system properties (e.g. {@code server.client.port})
     * @throws LauncherException with a message for the user: bad configuration, port in use,
     *                           no ConfigurationAdmin, framework failure
     */
    public static Launcher start(Path home, Map<String, String> overrides) throws Exception {
        long t0 = System.nanoTime();
        LauncherConfig config = LauncherConfig.load(home, overrides);
        String widerBefore = DataDirectory.secure(config.dataDir());
        Files.createDirectories(config.logDir());
        Path loggingFile = LoggingSetup.apply(config);
        if (widerBefore != null) {
            Log.LOG.warn("the data folder {} was {}: made rwx------ (the server user's alone), it holds the keys and the database",
                    config.dataDir(), widerBefore);
        }
        checkPortFree(config);
        PortsFileReader.forgetEarlierRun(config.dataDir());

        Map<String, Object> fwProps = new HashMap<>(config.frameworkProperties());
        fwProps.put(JulFrameworkLogger.FELIX_LOGGER_PROPERTY, new JulFrameworkLogger());
        @SuppressWarnings({"unchecked", "rawtypes"})
        Framework fw = new FrameworkFactory().newFramework((Map) fwProps);
        List<String> failures = new ArrayList<>();
        try {
            fw.init();
            fw.getBundleContext().addFrameworkListener(event -> {
                if (event.getType() == FrameworkEvent.ERROR) {
                    Log.LOG.error("{}: {}", event.getBundle() == null ? "framework" : event.getBundle().getSymbolicName(),
                            event.getThrowable() == null ? "error" : event.getThrowable().toString(), event.getThrowable());
                }
            });
            BundleContext ctx = fw.getBundleContext();
            Path bundleDir = config.home().resolve("bundles");
            List<Bundle> installed = new ArrayList<>();
            for (Path jar : jars(bundleDir)) {
                try {
                    installed.add(ctx.installBundle(jar.toUri().toString()));
                } catch (BundleException e) {
                    failures.add(jar.getFileName() + ": cannot install: " + e.getMessage());
                }
            }
            int fragments = 0;
            Bundle pluginWatcher = null;
            for (Bundle b : installed) {
                if (b.getHeaders("").get(Constants.FRAGMENT_HOST) != null) {
                    fragments++;
                    continue;
                }
                if (PLUGIN_WATCHER.equals(b.getSymbolicName())) {
                    pluginWatcher = b; // started once the settings are in ConfigurationAdmin, see below
                    continue;
                }
                try {
                    b.start(); // marks it persistently started; really started by fw.start()
                } catch (BundleException e) {
                    failures.add(b.getSymbolicName() + ": " + e.getMessage());
                }
            }
            fw.start();
            for (Bundle b : installed) { // resolution errors surface only now
                if (b == pluginWatcher) {
                    continue;
                }
                boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
                if (!fragment && b.getState() != Bundle.ACTIVE && b.getState() != Bundle.STARTING
                        && failures.stream().noneMatch(f -> f.startsWith(b.getSymbolicName() + ":"))) {
                    failures.add(b.getSymbolicName() + ": " + unresolvedReason(b));
                }
            }
            failures.forEach(f -> Log.LOG.error("bundle did not start: {}", f));

            ConfigAdminBridge admin = ConfigAdminBridge.await(ctx, seconds(config, CONFIGADMIN_WAIT, 30));
            // The start sequence (docs/ARCHITECTURE.md): every setting first, so that the core's
            // services (router, sessions, accounts) are up and each plugin starts with its settings
            // rather than with defaults replaced a moment later; then the plugins from plugins/ (a
            // switched-off one is installed, never started); the client port opens last, once every
            // plugin's components are up: the first client finds the word filter, registration, the
            // archive and the rest already in place.
            List<String> changed = admin.apply(config.configurations());
            Duration startupWait = Duration.ofSeconds(seconds(config, STARTUP_WAIT, 60));
            if (pluginWatcher != null) {
                SwitchedOffPlugins.keepOff(ctx, config.dataDir());
                try {
                    pluginWatcher.start();
                    Path pluginDir = config.home().resolve("plugins");
                    awaitPlugins(ctx, pluginDir, startupWait);
                    awaitPluginComponents(ctx, pluginDir, startupWait);
                } catch (BundleException e) {
                    failures.add(pluginWatcher.getSymbolicName() + ": " + e.getMessage());
                    Log.LOG.error("bundle did not start: {}", failures.get(failures.size() - 1));
                }
            }
            admin.apply(Map.of(READY_PID, Map.of("opened.by", "launcher")));

            Log.LOG.info("Magpie started in {} ms: Felix {}, {} bundles from {} ({} fragments, {} failed), "
                            + "plugins from {} (hot deploy), settings {} (changed: {}), data in {}, log config {}",
                    (System.nanoTime() - t0) / 1_000_000, fw.getVersion(), installed.size(), bundleDir,
                    fragments, failures.size(), config.home().resolve("plugins"),
                    config.configurations().keySet(), changed, config.dataDir(),
                    loggingFile == null ? "JVM default" : loggingFile);
            return new Launcher(fw, config, failures, admin);
        } catch (Exception | Error e) {
            stopQuietly(fw);
            if (e instanceof BundleException be) {
                throw new LauncherException("the OSGi framework failed to start: " + be.getMessage(), be);
            }
            throw e;
        }
    }

    /** the running framework (its bundle context gives access to every bundle and service) */
    public Framework framework() {
        return framework;
    }

    /** the configuration this launcher started with */
    public LauncherConfig config() {
        return config;
    }

    /** bundles of {@code bundles/} that could not be installed or started, with the framework's reason */
    public List<String> startFailures() {
        return startFailures;
    }

    /**
     * What is wrong right now: bundles that are not ACTIVE (with their state) and Declarative Services
     * components that are unsatisfied or failed to activate (with SCR's reason). Empty when all is well.
     */
    public List<String> diagnose() {
        BundleContext ctx = framework.getBundleContext();
        return ctx == null ? List.of("the framework is not running") : Diagnostics.of(ctx);
    }

    /** the current properties of a configuration PID in ConfigurationAdmin, or null */
    public Map<String, Object> configuration(String pid) throws LauncherException {
        return configAdmin.read(pid);
    }

    /** pushes settings into ConfigurationAdmin again; returns the PIDs that changed */
    List<String> applySettings(Map<String, Map<String, String>> settings) throws LauncherException {
        return configAdmin.apply(settings);
    }

    /**
     * Waits until the XMPP client port accepts TCP connections; false on timeout or framework stop.
     * A port set to 0 is waited for in {@code data/ports.properties} first.
     */
    public boolean awaitClientPort(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING)) == 0) {
                return false;
            }
            OptionalInt port = clientPort();
            if (port.isPresent()) {
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(config.probeAddress(), port.getAsInt()), 500);
                    return true;
                } catch (IOException notYet) {
                    // not open yet
                }
            }
            Thread.sleep(200);
        }
        return false;
    }

    /**
     * The XMPP client port: {@code server.client.port}, or for a setting of 0 the port bound, once
     * the core has opened it (empty until then).
     */
    public OptionalInt clientPort() {
        return config.clientPort() != 0 ? OptionalInt.of(config.clientPort())
                : PortsFileReader.bound(config.dataDir(), LauncherConfig.CLIENT_PORT_SETTING);
    }

    /** Stops the framework and waits (up to 30 s) until every bundle has stopped. Idempotent. */
    @Override
    public void close() throws Exception {
        if ((framework.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) == 0) {
            return;
        }
        framework.stop();
        FrameworkEvent ev = framework.waitForStop(30_000);
        if (ev.getType() == FrameworkEvent.WAIT_TIMEDOUT) {
            Log.LOG.warn("the framework did not stop within 30 s");
        }
    }

    /**
     * Command line entry: {@code java -Dmagpie.home=DIR -cp "DIR/lib/*" org.magpie.server.launcher.Launcher}.
     * Runs until the framework stops (Gogo {@code stop 0}, SIGTERM, Ctrl-C). Exit code 1 when the
     * server cannot start or the client port does not open.
     */
    public static void main(String[] args) {
        // before the first use of java.util.logging: keep the log open while the framework stops
        if (System.getProperty("java.util.logging.manager") == null) {
            System.setProperty("java.util.logging.manager", ShutdownLogManager.class.getName());
        }
        Path home = Path.of(System.getProperty(LauncherConfig.HOME, "."));
        Launcher launcher;
        try {
            launcher = start(home, Map.of());
        } catch (LauncherException e) {
            fail("Magpie cannot start: " + e.getMessage(), null);
            return;
        } catch (Exception e) {
            fail("Magpie cannot start: " + e, e);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                launcher.close();
                Log.LOG.info("Magpie stopped");
            } catch (Exception e) {
                System.err.println("Magpie: error while stopping: " + e);
            } finally {
                ShutdownLogManager.finish();
            }
        }, "magpie-shutdown"));

        String endpoint = launcher.config.clientAddress() + ":" + launcher.config.clientPort();
        if (!launcher.startFailures.isEmpty()) {
            stopAndFail(launcher, "Magpie cannot start: these bundles did not start:\n  "
                    + String.join("\n  ", launcher.startFailures));
            return;
        }
        try {
            long wait = seconds(launcher.config, STARTUP_WAIT, 60);
            if (launcher.awaitClientPort(Duration.ofSeconds(wait))) {
                Log.LOG.info("Magpie is ready: XMPP clients connect to {}:{} (stop: 'stop 0' in the shell, Ctrl-C, "
                        + "or bin/magpie-server stop)", launcher.config.clientAddress(), launcher.clientPort().orElseThrow());
            } else if ((launcher.framework.getState() & Bundle.ACTIVE) != 0) {
                List<String> problems = launcher.diagnose();
                stopAndFail(launcher, "Magpie did not open the XMPP port " + endpoint + " within " + wait + " s."
                        + (problems.isEmpty() ? " See the errors above." : "\n  " + String.join("\n  ", problems)));
                return;
            }
            FrameworkEvent ev = launcher.framework.waitForStop(0);
            System.exit(ev.getType() == FrameworkEvent.ERROR ? 1 : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopAndFail(launcher, "interrupted");
        }
    }

    // ------------------------------------------------------------------------------------------

    /**
     * Waits (bounded) until every jar in plugins/ is installed and has left the STARTING state (a
     * switched-off plugin only installed); a plugin that does not come up is reported by the diagnostics later, not waited for forever.
     */
    static void awaitPlugins(BundleContext ctx, Path pluginDir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                long jars;
                try (var files = Files.list(pluginDir)) {
                    jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).count();
                }
                String dir = pluginDir.toUri().toString();
                long ready = Arrays.stream(ctx.getBundles())
                        .filter(b -> b.getLocation().startsWith(dir) || b.getLocation().contains(pluginDir.toString()))
                        .filter(b -> b.getState() == Bundle.ACTIVE || b.getState() == Bundle.RESOLVED
                                || SwitchedOffPlugins.parked(b))
                        .count();
                if (ready >= jars) {
                    return;
                }
                Thread.sleep(50);
            }
            Log.LOG.warn("not every plugin in {} started within {} s", pluginDir, timeout.toSeconds());
        } catch (IOException e) {
            Log.LOG.warn("cannot list {}: {}", pluginDir, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Waits (bounded) until the components of the started plugins are up: none misses a service or is
     * still activating. A plugin that cannot come up (a missing service that nothing will provide) is
     * not waited for once the list has not changed for a few seconds: the diagnostics report it.
     */
    static void awaitPluginComponents(BundleContext ctx, Path pluginDir, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        String dir = pluginDir.toUri().toString();
        List<String> plugins = Arrays.stream(ctx.getBundles())
                .filter(b -> b.getLocation().startsWith(dir) || b.getLocation().contains(pluginDir.toString()))
                .filter(b -> b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING)
                .map(Bundle::getSymbolicName).toList();
        List<String> pending = Diagnostics.comingUp(ctx, plugins);
        long unchangedSince = System.nanoTime();
        try {
            while (!pending.isEmpty() && System.nanoTime() < deadline
                    && System.nanoTime() - unchangedSince < SETTLED.toNanos()) {
                Thread.sleep(20);
                List<String> now = Diagnostics.comingUp(ctx, plugins);
                if (!now.equals(pending)) {
                    unchangedSince = System.nanoTime();
                }
                pending = now;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!pending.isEmpty()) {
            Log.LOG.warn("opening the client port although not every plugin is up: {}", pending);
        }
    }

    /** A clear error instead of a bind exception deep inside a bundle. */
    static void checkPortFree(LauncherConfig config) throws LauncherException {
        if (config.clientPort() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName(config.clientAddress()), config.clientPort()));
        } catch (IOException e) {
            throw new LauncherException("cannot listen on " + config.clientAddress() + ":" + config.clientPort()
                    + " (" + e.getMessage() + "). Is another Magpie or XMPP server running? Stop it, or set "
                    + LauncherConfig.CLIENT_PORT_SETTING + " / " + LauncherConfig.CLIENT_ADDRESS_SETTING
                    + " in conf/magpie.properties.", e);
        }
    }

    private static String unresolvedReason(Bundle b) {
        if (b.getState() == Bundle.INSTALLED) {
            try {
                b.start(); // throws with the resolver's explanation (missing package ...)
                return "started late";
            } catch (BundleException e) {
                return e.getMessage();
            }
        }
        return Diagnostics.state(b.getState());
    }

    private static long seconds(LauncherConfig config, String key, long fallback) {
        try {
            return Long.parseLong(config.frameworkProperties().getOrDefault(key, Long.toString(fallback)).strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    private static List<Path> jars(Path dir) throws IOException {
        List<Path> result = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "*.jar")) {
                ds.forEach(result::add);
            }
        }
        result.sort(null);
        return result;
    }

    private static void stopQuietly(Framework fw) {
        try {
            fw.stop();
            fw.waitForStop(30_000);
        } catch (Exception | LinkageError ignored) {
            // already failing: the original error is what matters
        }
    }

    private static void stopAndFail(Launcher launcher, String message) {
        try {
            launcher.close();
        } catch (Exception ignored) {
            // reporting the original problem matters more
        }
        fail(message, null);
    }

    private static void fail(String message, Throwable t) {
        // stderr, not the log: the log may not be set up yet, and the console handler would repeat it
        System.err.println(message);
        if (t != null) {
            t.printStackTrace();
        }
        System.err.flush();
        System.exit(1);
    }
}
