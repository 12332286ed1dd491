package org.magpie.server.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A service living on a subdomain of the server, such as group chat on {@code rooms.<domain>}.
 * Register as an OSGi service with the property {@value #SUBDOMAIN} naming the label in front of the
 * server's domain ({@code rooms}); the core then hands it every stanza addressed to that domain or
 * to any JID on it ({@code 10001@rooms.<domain>}, {@code 10001@rooms.<domain>/nick}): messages and
 * presences after the interceptors, IQ requests, results and errors alike. When the service goes
 * away, requests to the subdomain are answered {@code service-unavailable}.
 *
 * <p>The component answers and sends through the {@link StanzaRouter}, with a {@code from} on its
 * subdomain. It runs on worker threads (several at once, one per sending session), may block
 * briefly (JDBC), and must be thread-safe.
 */
@ConsumerType
public interface DomainComponent {

    /** Service property: the subdomain label served, e.g. {@code rooms} for {@code rooms.<domain>}. */
    String SUBDOMAIN = "magpie.component.subdomain";

    /**
     * Handles one stanza. Its {@code from} is stamped by the server (a full JID of a local account,
     * or an address the server or another plugin routes for) and its {@code to} is on the subdomain.
     *
     * @throws StanzaException to have the core answer the sender with that error (not for errors
     *         and results, which are never answered)
     */
    void process(Stanza stanza) throws StanzaException;
}
