package org.magpie.server.api.tls;

import java.nio.file.Path;

import javax.net.ssl.SSLContext;

/**
 * The server's key and certificate, owned by the core: the certificate clients accept once for the
 * XMPP port is the one every HTTPS port shows. Plugins take this service instead of reading key
 * store files; the service is there once the core has the certificate (made on the first start).
 */
public interface ServerTls {

    /** A server-side context with the server's key, for ports that take a ready context. */
    SSLContext context();

    /**
     * The same key as a PKCS#12 file, for servers that load a key store themselves (Jetty through
     * Apache Felix HTTP is configured with a path and a password).
     */
    KeyStoreFile keyStore();

    /** A PKCS#12 key store file and the password of the store and of its key. */
    record KeyStoreFile(Path file, String password) {

        @Override
        public String toString() {
            return "KeyStoreFile[" + file + "]"; // the password stays out of logs
        }
    }
}
