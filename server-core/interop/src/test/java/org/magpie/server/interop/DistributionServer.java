package org.magpie.server.interop;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import javax.net.ssl.X509TrustManager;

import org.magpie.server.launcher.Launcher;
import org.magpie.server.testsupport.ServerHome;

/**
 * The packaged distribution, copied to a fresh folder and booted in this JVM by the launcher that
 * bin/magpie-server runs, with its default settings except the ones given (see docs/INTEROP.md).
 */
final class DistributionServer implements AutoCloseable {

    private final Launcher launcher;
    private final Path home;
    private final int port;

    private DistributionServer(Launcher launcher, Path home, int port) {
        this.launcher = launcher;
        this.home = home;
        this.port = port;
    }

    /** Starts a copy of {@code dist} in {@code home} (which must not exist yet) with these settings. */
    static DistributionServer start(Path dist, Path home, Map<String, String> settings) throws Exception {
        ServerHome.copy(dist, home);
        Map<String, String> overrides = new HashMap<>(settings);
        // no interactive shell in a test JVM, and no shutdown of the JVM when the framework stops
        overrides.put("gosh.args", "--nointeractive --noshutdown");
        Launcher launcher = Launcher.start(home, overrides);
        // the client port opens only once the plugins are up (docs/ARCHITECTURE.md, plugin lifecycle);
        // with port 0 the port it bound is read back from data/ports.properties
        if (!launcher.awaitClientPort(Duration.ofSeconds(90)) || launcher.clientPort().isEmpty()) {
            String problems = String.join("\n", launcher.diagnose());
            launcher.close();
            throw new IllegalStateException("the server did not open its client port:\n" + problems);
        }
        return new DistributionServer(launcher, home, launcher.clientPort().getAsInt());
    }

    int port() {
        return port;
    }

    /** Trust in exactly the certificate the server generated on its first start. */
    X509TrustManager trustManager() throws Exception {
        return ServerHome.trustManager(home);
    }

    @Override
    public void close() throws Exception {
        launcher.close();
    }
}
