package org.magpie.client.service.smack;

import java.util.Optional;

/**
 * Remembers which certificate each server presented the first time (trust on first use): the
 * SHA-256 fingerprint of the server's certificate, per host and port as the user typed them.
 * Implementations are thread-safe.
 *
 * @see FileTrustStore
 */
public interface TrustStore {

    /** The fingerprint pinned for host:port, if the client has met that server before. */
    Optional<String> pinned(String host, int port);

    /**
     * Pins the fingerprint for host:port unless one is pinned already, in one step.
     *
     * @return the fingerprint pinned now: the given one, or the one remembered before
     */
    String pinIfAbsent(String host, int port, String fingerprint);

    /**
     * Forgets host:port, so the next connection pins whatever certificate the server shows. For
     * when an administrator really replaced the server's certificate and the user agrees.
     */
    void forget(String host, int port);

    /** The key the stores use: lower-case host, IPv6 literals in brackets, ":" port. */
    static String key(String host, int port) {
        String h = host.strip().toLowerCase(java.util.Locale.ROOT);
        if (h.indexOf(':') >= 0 && !h.startsWith("[")) {
            h = "[" + h + "]";
        }
        return h + ":" + port;
    }
}
