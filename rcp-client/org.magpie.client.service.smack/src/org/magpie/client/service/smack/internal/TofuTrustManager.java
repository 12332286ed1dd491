package org.magpie.client.service.smack.internal;

import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import org.jivesoftware.smack.java7.XmppHostnameVerifier;
import org.magpie.client.service.smack.TrustStore;

/**
 * Trust on first use for one connection to host:port.
 *
 * <ol>
 * <li>A certificate chain the JDK trusts (a CA in the JDK's trust store) is accepted as is, and its
 * name is then checked against the XMPP domain as usual (RFC 6125, Smack's XmppHostnameVerifier).
 * Nothing is pinned.</li>
 * <li>Any other certificate (the Magpie server's self-signed one) is accepted when its SHA-256
 * fingerprint is the one the {@link TrustStore} remembers for host:port, or when the store knows no
 * certificate for host:port yet: then this one is remembered. A different certificate is refused
 * with {@link CertificateChangedException}. A pinned certificate is not checked for names or dates:
 * the pin itself is the server's identity.</li>
 * </ol>
 *
 * <p>The same object is the connection's {@link HostnameVerifier}, so that it knows which of the two
 * cases the handshake took.
 */
public final class TofuTrustManager implements X509TrustManager, HostnameVerifier {

    private static final Logger LOG = Logger.getLogger(TofuTrustManager.class.getName());

    /** The server's certificate is not the one pinned for host:port. */
    public static final class CertificateChangedException extends CertificateException {
        private static final long serialVersionUID = 1L;
        private final String pinned;
        private final String presented;

        CertificateChangedException(String hostAndPort, String pinned, String presented) {
            super("The certificate of " + hostAndPort + " has changed since the first connection. Remembered SHA-256 "
                    + pinned + ", now presented " + presented);
            this.pinned = pinned;
            this.presented = presented;
        }

        public String pinnedFingerprint() {
            return pinned;
        }

        public String presentedFingerprint() {
            return presented;
        }
    }

    private final TrustStore store;
    private final String host;
    private final int port;
    private final X509TrustManager jdk;
    private final HostnameVerifier names = new XmppHostnameVerifier();

    /** The fingerprint of the certificate accepted by pin in the last handshake, or null (CA-trusted). */
    private volatile String acceptedByPin;

    public TofuTrustManager(TrustStore store, String host, int port) {
        this.store = store;
        this.host = host;
        this.port = port;
        this.jdk = JdkTrust.MANAGER;
    }

    /** The JDK's own trust store, loaded once. */
    private static final class JdkTrust {
        static final X509TrustManager MANAGER = jdkTrustManager();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("The server presented no certificate");
        }
        if (jdk != null) {
            try {
                jdk.checkServerTrusted(chain, authType);
                acceptedByPin = null;
                return;
            } catch (CertificateException notCaSigned) {
                // self-signed or unknown CA: trust on first use below
            }
        }
        String presented = fingerprint(chain[0]);
        String hostAndPort = TrustStore.key(host, port);
        Optional<String> known;
        try {
            known = store.pinned(host, port);
        } catch (UncheckedIOException e) {
            throw new CertificateException("Cannot read the remembered server certificates: " + e.getMessage(), e);
        }
        if (known.isPresent()) {
            if (!known.get().equalsIgnoreCase(presented)) {
                throw new CertificateChangedException(hostAndPort, known.get(), presented);
            }
        } else {
            try {
                String pinned = store.pinIfAbsent(host, port, presented);
                if (!pinned.equalsIgnoreCase(presented)) {
                    throw new CertificateChangedException(hostAndPort, pinned, presented);
                }
                LOG.info(() -> "First connection to " + hostAndPort + ": remembering its certificate, SHA-256 " + presented);
            } catch (UncheckedIOException e) {
                // still accept it for this connection; without a store every connection is a first one
                LOG.log(Level.WARNING, "Cannot remember the certificate of " + hostAndPort + " (SHA-256 " + presented
                        + "): " + e.getMessage(), e);
            }
        }
        acceptedByPin = presented;
    }

    @Override
    public boolean verify(String hostname, SSLSession session) {
        String pin = acceptedByPin;
        if (pin == null) {
            return names.verify(hostname, session);
        }
        try {
            Certificate[] peer = session.getPeerCertificates();
            return peer.length > 0 && peer[0] instanceof X509Certificate x && pin.equalsIgnoreCase(fingerprint(x));
        } catch (SSLPeerUnverifiedException | CertificateException e) {
            return false;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("This trust manager only checks servers");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return jdk == null ? new X509Certificate[0] : jdk.getAcceptedIssuers();
    }

    /** SHA-256 of the DER encoding, as upper-case hex pairs joined by ':' (as browsers show it). */
    public static String fingerprint(X509Certificate certificate) throws CertificateEncodingException {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    private static X509TrustManager jdkTrustManager() {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init((KeyStore) null);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
        } catch (GeneralSecurityException e) {
            LOG.log(Level.WARNING, "The JDK's trust store is unavailable; only remembered certificates are trusted", e);
        }
        return null;
    }
}
