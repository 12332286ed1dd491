package org.magpie.client.service.smack.internal;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Optional;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

import org.magpie.client.service.smack.TrustStore;

/**
 * Trust for the upload service's HTTPS port, which serves the XMPP port's certificate: a chain the
 * JDK trusts (names checked as usual), or exactly the certificate pinned for the XMPP server on the
 * first connection (then names are not checked: the pin is the identity). Never pins anything itself,
 * so an HTTPS port can only be trusted through a certificate the user's XMPP connection accepted.
 */
public final class HttpsTrust extends X509ExtendedTrustManager {

    private final TrustStore store;
    private final String xmppHost;
    private final int xmppPort;
    private final X509ExtendedTrustManager jdk;

    public HttpsTrust(TrustStore store, String xmppHost, int xmppPort) {
        this.store = store;
        this.xmppHost = xmppHost;
        this.xmppPort = xmppPort;
        this.jdk = jdk();
    }

    /** An SSL context that trusts like this. */
    public static SSLContext context(TrustStore store, String xmppHost, int xmppPort) {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] { new HttpsTrust(store, xmppHost, xmppPort) }, new SecureRandom());
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS unavailable", e);
        }
    }

    private boolean pinned(X509Certificate[] chain) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The server presented no certificate");
        }
        Optional<String> pin = store.pinned(xmppHost, xmppPort);
        return pin.isPresent() && pin.get().equalsIgnoreCase(TofuTrustManager.fingerprint(chain[0]));
    }

    private CertificateException untrusted() {
        return new CertificateException("The file server's certificate is neither trusted by a CA nor the one of the XMPP server "
                + TrustStore.key(xmppHost, xmppPort));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        if (pinned(chain)) {
            return;
        }
        if (jdk == null) {
            throw untrusted();
        }
        jdk.checkServerTrusted(chain, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        if (pinned(chain)) {
            return;
        }
        if (jdk == null) {
            throw untrusted();
        }
        jdk.checkServerTrusted(chain, authType, socket);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (pinned(chain)) {
            return;
        }
        if (jdk == null) {
            throw untrusted();
        }
        jdk.checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk == null ? new X509Certificate[0] : jdk.getAcceptedIssuers();
    }

    private static X509ExtendedTrustManager jdk() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509ExtendedTrustManager x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException e) {
            return null;
        }
        return null;
    }
}
