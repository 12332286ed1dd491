package org.magpie.server.it;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.parts.Localpart;
import org.magpie.server.launcher.Launcher;
import org.magpie.server.testsupport.ServerHome;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The assembled distribution, copied to a temporary folder and booted in this JVM by the same
 * launcher bin/magpie-server uses, with its own Derby database. Every port is set to 0: the server
 * binds a free one itself and names it in {@code data/ports.properties}, where the test reads it
 * (never a port picked by the test and released again, which another test may take meanwhile).
 */
final class InProcessServer implements AutoCloseable {

    static final String DOMAIN = "localhost";

    static final String CLIENT_PORT = "server.client.port";
    static final String FILES_PORT = "files.http.port";
    static final String CONSOLE_PORT = "console.port";

    private final Launcher launcher;
    private final Path home;
    private final int port;
    private final Map<String, String> overrides;

    private InProcessServer(Launcher launcher, Path home, int port, Map<String, String> overrides) {
        this.launcher = launcher;
        this.home = home;
        this.port = port;
        this.overrides = Map.copyOf(overrides);
    }

    static InProcessServer start(Path tmp, Map<String, String> settings) throws Exception {
        return start(tmp, settings, home -> { });
    }

    /** What a test leaves in the copied distribution before it starts (e.g. what a crash left in data/). */
    @FunctionalInterface
    interface Preparation {
        void prepare(Path home) throws Exception;
    }

    /** Like {@link #start(Path, Map)}, with {@code before} run on the copied distribution first. */
    static InProcessServer start(Path tmp, Map<String, String> settings, Preparation before) throws Exception {
        Path dist = Path.of(System.getProperty("magpie.dist"));
        Path home = tmp.resolve("server");
        copyTree(dist, home);
        before.prepare(home);
        Map<String, String> overrides = new HashMap<>();
        overrides.put(CLIENT_PORT, "0"); // any free port: servers of several tests may run at once
        overrides.put(CONSOLE_PORT, "0");
        overrides.put(FILES_PORT, "0");
        overrides.put("server.domain", DOMAIN);
        overrides.put("felix.fileinstall.poll", "200");
        overrides.put("gosh.args", "--nointeractive --noshutdown");
        overrides.put("auth.registration.per.address.per.hour", "0"); // tests register many accounts from loopback
        overrides.putAll(settings);
        return launch(home, overrides);
    }

    /**
     * Stops this server and starts it again on the same home and settings: the data stays. The ports
     * are free ones again, most likely others: ask the new server for them.
     */
    InProcessServer restart() throws Exception {
        launcher.close();
        return launch(home, overrides);
    }

    /** {@link #restart()} for a test that expects a plugin not to come up: waits for the client port only. */
    InProcessServer restartExpectingBrokenPlugins() throws Exception {
        launcher.close();
        return launch(home, overrides, false);
    }

    /** What the launcher reports as not working (components unsatisfied or failed, with SCR's reason). */
    java.util.List<String> problems() {
        return launcher.diagnose();
    }

    private static InProcessServer launch(Path home, Map<String, String> overrides) throws Exception {
        return launch(home, overrides, true);
    }

    private static InProcessServer launch(Path home, Map<String, String> overrides, boolean awaitPlugins)
            throws Exception {
        Launcher launcher = Launcher.start(home, overrides);
        try {
            // the launcher finds a client port of 0 in data/ports.properties, as bin/magpie-server does
            if (!launcher.awaitClientPort(Duration.ofSeconds(60))) {
                throw new AssertionError("the client port did not open within 60 s: " + launcher.diagnose());
            }
            InProcessServer server = new InProcessServer(launcher, home, launcher.clientPort().orElseThrow(), overrides);
            if (awaitPlugins) {
                eventually(Duration.ofSeconds(60), server::pluginsReady);
            }
            return server;
        } catch (AssertionError | RuntimeException e) {
            launcher.close();
            throw e;
        }
    }

    /** The XMPP client port. */
    int port() {
        return port;
    }

    /**
     * The port {@code setting}'s listener bound, as the server wrote it to {@code data/ports.properties}
     * (waiting for it: a plugin's port opens when the plugin has started).
     */
    int boundPort(String setting) throws Exception {
        int[] found = new int[1];
        eventually(Duration.ofSeconds(30), () -> {
            OptionalInt p = boundPort(home, setting);
            p.ifPresent(v -> found[0] = v);
            return p.isPresent();
        });
        return found[0];
    }

    /** The file transfer port. */
    int filesPort() throws Exception {
        return boundPort(FILES_PORT);
    }

    /** The port {@code setting}'s listener of the server in {@code home} bound, if it is open now. */
    static OptionalInt boundPort(Path home, String setting) throws IOException {
        Path file = home.resolve("data/ports.properties");
        Properties ports = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            ports.load(in);
        } catch (NoSuchFileException notYet) {
            return OptionalInt.empty();
        }
        String port = ports.getProperty(setting);
        return port == null ? OptionalInt.empty() : OptionalInt.of(Integer.parseInt(port));
    }

    Path home() {
        return home;
    }

    BundleContext context() {
        return launcher.framework().getBundleContext();
    }

    Bundle bundle(String symbolicName) {
        return Arrays.stream(context().getBundles()).filter(b -> symbolicName.equals(b.getSymbolicName()))
                .findFirst().orElseThrow(() -> new AssertionError(symbolicName + " is not installed"));
    }

    /**
     * Every jar of plugins/ is installed and no component waits for a service: the client port opens
     * before the plugins are all up, and a test's first request must not race them. (A plugin an
     * administrator switched off stays installed and stopped, and has no component to wait.)
     */
    private boolean pluginsReady() throws IOException {
        long jars;
        try (Stream<Path> s = Files.list(home.resolve("plugins"))) {
            jars = s.filter(p -> p.toString().endsWith(".jar")).count();
        }
        long installed = Arrays.stream(context().getBundles())
                .filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith("org.magpie.plugin.")
                        && b.getState() != Bundle.STARTING)
                .count();
        return installed >= jars && launcher.diagnose().stream().noneMatch(p -> p.startsWith("component"));
    }

    /** A trust manager that trusts exactly the certificate the server generated on first start. */
    X509TrustManager trustManager() throws Exception {
        return ServerHome.trustManager(home);
    }

    SSLContext sslContext() throws Exception {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new javax.net.ssl.TrustManager[] {trustManager()}, null);
        return context;
    }

    /** A Smack connection (not yet connected) that insists on TLS and trusts our certificate. */
    XMPPTCPConnection connection(String resource) throws Exception {
        return connection(resource, java.util.Locale.ENGLISH);
    }

    /** Like {@link #connection(String)}, declaring {@code language} on its stream ({@code xml:lang}). */
    XMPPTCPConnection connection(String resource, java.util.Locale language) throws Exception {
        XMPPTCPConnectionConfiguration.Builder b = XMPPTCPConnectionConfiguration.builder()
                .setLanguage(language)
                .setXmppDomain(DOMAIN)
                .setHost("127.0.0.1")
                .setPort(port)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trustManager())
                .setConnectTimeout(10_000);
        if (resource != null) {
            b.setResource(resource);
        }
        XMPPTCPConnection c = new XMPPTCPConnection(b.build());
        c.setReplyTimeout(10_000);
        Roster.getInstanceFor(c).setRosterLoadedAtLogin(false); // tests that need the roster turn it on (RosterIT)
        return c;
    }

    /** Registers each account with the same password, its nickname its name in capitals. */
    void registerAll(String password, String... usernames) throws Exception {
        for (String u : usernames) {
            register(u, password, u.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** Registers an account in-band (XEP-0077) over TLS on a fresh connection. */
    void register(String username, String password, String nick) throws Exception {
        XMPPTCPConnection c = connection(null);
        try {
            c.connect();
            AccountManager.getInstance(c).createAccount(Localpart.from(username), password, new HashMap<>(Map.of("nick", nick)));
        } finally {
            c.disconnect();
        }
    }

    /**
     * A logged-in, available connection. The server handles each session's stanzas in order, so
     * once a ping sent after Smack's initial presence is answered, the server knows the session is
     * available: messages to the account then reach it rather than finding it offline.
     */
    XMPPTCPConnection login(String username, String password, String resource) throws Exception {
        XMPPTCPConnection c = connection(resource);
        c.connect();
        c.login(username, password);
        PingManager.getInstanceFor(c).pingMyServer();
        return c;
    }

    @Override
    public void close() throws Exception {
        launcher.close();
    }

    static void eventually(Duration timeout, Callable<Boolean> condition) throws Exception {
        if (!within(timeout, condition)) {
            throw new AssertionError("condition not met within " + timeout);
        }
    }

    /** Polls {@code condition} until it holds (true) or {@code timeout} has passed (false). */
    static boolean within(Duration timeout, Callable<Boolean> condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.call()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(50); // the poll's pace: what is awaited must happen, this only spaces the looks
        }
        return true;
    }

    static void copyTree(Path from, Path to) throws IOException {
        ServerHome.copy(from, to);
    }
}
