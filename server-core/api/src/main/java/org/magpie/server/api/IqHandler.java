package org.magpie.server.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Answers IQ requests ({@code get}/{@code set}) whose payload is one element in one namespace.
 * Register as an OSGi service with {@link ServesIq}; the core finds the handler by the payload's
 * element, namespace and the request type, and forgets it when the service goes away (requests then
 * get {@code service-unavailable}).
 *
 * <p>A handler receives requests addressed to the server (no {@code to}, or the server's domain) and
 * requests addressed to the sender's own bare JID. With {@value #ACCOUNT_ADDRESSED} set to true it also
 * receives requests to other accounts' bare JIDs, which the server answers on their behalf.
 *
 * <p>Handlers run on a worker thread, never on a network I/O thread, and may block (JDBC).
 */
@ConsumerType
public interface IqHandler {

    /** Service property: the payload namespace served, e.g. {@code jabber:iq:register}. */
    String NAMESPACE = "magpie.iq.namespace";

    /** Service property: the payload element served, e.g. {@code query}; any element of the namespace if absent. */
    String ELEMENT = "magpie.iq.element";

    /** Service property (String[] of {@link IqType} names): the request types served; both if absent. */
    String TYPES = "magpie.iq.types";

    /** Service property (Boolean): also serve sessions that have not authenticated yet. */
    String BEFORE_AUTH = "magpie.iq.beforeAuth";

    /** Service property (Boolean): also serve requests addressed to other accounts' bare JIDs. */
    String ACCOUNT_ADDRESSED = "magpie.iq.accountAddressed";

    /**
     * Answers the request. The returned stanza (normally {@link Stanza#resultReply}) is sent back to the
     * requesting session; return null only when the handler has answered itself through the
     * {@link StanzaRouter}.
     *
     * @param iq      the request, {@code from} stamped by the server (null before authentication)
     * @param session the requesting session
     * @throws StanzaException to answer with that stanza error
     */
    Stanza handle(Stanza iq, Session session) throws StanzaException;
}
