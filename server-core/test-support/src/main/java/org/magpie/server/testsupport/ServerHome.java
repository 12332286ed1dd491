package org.magpie.server.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.stream.Stream;

import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * A packaged server's home folder in a test that boots it: a fresh copy of the distribution, and
 * trust in exactly the certificate the server generated there on its first start. JDK only, so
 * tests with any client library can use it.
 */
public final class ServerHome {

    private ServerHome() {
    }

    /** Copies the distribution folder {@code dist} (bin conf lib bundles plugins) to {@code home}. */
    public static void copy(Path dist, Path home) throws IOException {
        try (Stream<Path> s = Files.walk(dist)) {
            for (Path p : (Iterable<Path>) s::iterator) {
                Path target = home.resolve(dist.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    /**
     * A trust manager that trusts exactly the self-signed certificate the server generated in
     * {@code data/tls} of {@code home}: a client checks the server as usual, TLS stays required.
     */
    public static X509TrustManager trustManager(Path home) throws Exception {
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
}
