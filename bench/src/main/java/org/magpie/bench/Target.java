package org.magpie.bench;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The server under test: where it listens, its XMPP domain, and the loopback source addresses the
 * generator spreads its connections over (one address has only ~28k ephemeral ports).
 */
final class Target {

    private final String host;
    private final int port;
    private final String domain;
    private final List<InetAddress> sources;
    private final AtomicInteger next = new AtomicInteger();
    private final SSLContext tls;

    Target(String host, int port, String domain, int sourceAddresses) throws UnknownHostException, GeneralSecurityException {
        this.host = host;
        this.port = port;
        this.domain = domain;
        this.sources = new ArrayList<>();
        if (host.startsWith("127.") && sourceAddresses > 1) {
            for (int i = 1; i <= sourceAddresses; i++) {
                sources.add(InetAddress.getByName("127.0.0." + i));
            }
        } else {
            sources.add(null); // the system's choice
        }
        // the servers use self-signed certificates on loopback: the benchmark measures, it does not verify
        tls = SSLContext.getInstance("TLS");
        tls.init(null, new TrustManager[] {new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        }}, null);
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    String domain() {
        return domain;
    }

    SSLContext tls() {
        return tls;
    }

    int sourceCount() {
        return sources.size();
    }

    InetAddress nextSource() {
        return sources.get(Math.floorMod(next.getAndIncrement(), sources.size()));
    }
}
