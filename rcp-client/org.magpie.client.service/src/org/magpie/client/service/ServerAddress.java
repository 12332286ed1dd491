package org.magpie.client.service;

import java.util.Objects;

/**
 * Where the server is: the host and port to connect to, and the XMPP domain it serves (accounts are
 * {@code user@domain}). For an intranet server the domain is often the host name itself.
 */
public record ServerAddress(String host, int port, String domain) {

    public static final int DEFAULT_PORT = 5222;

    public ServerAddress {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(domain, "domain");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
    }
}
