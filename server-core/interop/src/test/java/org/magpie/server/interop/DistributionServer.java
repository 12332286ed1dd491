package org.magpie.server.interop;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.magpie.server.launcher.Launcher;

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
        copyTree(dist, home);
        Map<String, String> overrides = new HashMap<>(settings);
        // no interactive shell in a test JVM, and no shutdown of the JVM when the framework stops
        overrides.put("gosh.args", "--nointeractive --noshutdown");
        Launcher launcher = Launcher.start(home, overrides);
        int port = Integer.parseInt(overrides.get("server.client.port"));
        // the client port opens only once the plugins are up (docs/ARCHITECTURE.md, plugin lifecycle)
        if (!launcher.awaitClientPort(Duration.ofSeconds(90))) {
            String problems = String.join("\n", launcher.diagnose());
            launcher.close();
            throw new IllegalStateException("the server did not open its client port:\n" + problems);
        }
        return new DistributionServer(launcher, home, port);
    }

    int port() {
        return port;
    }

    /**
     * A trust manager that trusts exactly the certificate the server generated on its first start: the
     * client checks the server as usual, and TLS stays required as by default.
     */
    X509TrustManager trustManager() throws Exception {
        Path dir = home.resolve("data/tls");
        char[] pass = Files.readString(dir.resolve("magpie.p12.pass"), StandardCharsets.UTF_8).strip().toCharArray();
        KeyStore serverStore = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("magpie.p12"))) {
            serverStore.load(in, pass);
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("magpie", (X509Certificate) serverStore.getCertificate("magpie"));
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        return (X509TrustManager) factory.getTrustManagers()[0];
    }

    @Override
    public void close() throws Exception {
        launcher.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }
}
