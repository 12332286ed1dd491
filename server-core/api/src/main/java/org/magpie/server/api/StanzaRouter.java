package org.magpie.server.api;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Delivers stanzas a plugin makes. The stanza must carry a {@code from} (the server's domain or the
 * entity the plugin acts for) and a {@code to}; delivery follows the RFC 6121 rules for local
 * bare and full JIDs. Interceptors are not applied again.
 */
@ProviderType
public interface StanzaRouter {

    void route(Stanza stanza);
}
