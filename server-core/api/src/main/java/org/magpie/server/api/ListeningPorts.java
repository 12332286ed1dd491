package org.magpie.server.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The ports the server listens on, as bound: a port setting of 0 lets the system pick a free port,
 * and this is where the real number is told. Whoever opens a port (the core for the client port, a
 * plugin for its HTTP port) reports it here once it accepts connections, under the name of its
 * setting (e.g. {@code files.http.port}); the core logs it and keeps {@code data/ports.properties}
 * current for operators and tests. Provided by the core.
 */
@ProviderType
public interface ListeningPorts {

    /** {@code setting}'s port is open on {@code port} (the bound one, never 0). */
    void opened(String setting, int port);

    /** {@code setting}'s port is closed again. */
    void closed(String setting);
}
