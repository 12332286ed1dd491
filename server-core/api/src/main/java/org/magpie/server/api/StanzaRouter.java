package org.magpie.server.api;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Delivers stanzas a plugin makes. The stanza must carry a {@code from} (the server's domain or the
 * entity the plugin acts for) and a {@code to}; delivery follows the RFC 6121 rules for local
 * bare and full JIDs. Interceptors are not applied again.
 */
@ProviderType
public interface StanzaRouter {

    void route(Stanza stanza);

    /**
     * Sends an IQ request ({@code get} or {@code set}) from the server's domain to a client's full JID and
     * completes with that client's answer ({@code result} or {@code error}), e.g. to ask a client for its
     * disco#info (XEP-0115). Completes exceptionally with a {@link java.util.concurrent.TimeoutException}
     * when no answer came within {@code timeout} (the session may have gone). Only an answer from the
     * address asked is taken. The stage may complete on any thread: do not block in what depends on it.
     *
     * @since 1.7
     */
    default CompletionStage<Stanza> request(Stanza iq, Duration timeout) {
        return CompletableFuture.failedStage(new UnsupportedOperationException("no IQ requests from the server"));
    }
}
