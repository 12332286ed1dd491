package org.magpie.server.api;

import java.util.List;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told where the core delivered a message addressed to a local account: which of the account's
 * sessions it was handed to. Only the core knows this for a message to a bare JID (RFC 6121 §8.5.2
 * picks the resources by priority), and it is what message carbons (XEP-0280) need to copy the
 * message to the account's other sessions. Register as an OSGi service.
 *
 * <p>Called on the worker thread that delivered the message, after it was sent to the sessions,
 * for every message delivered to local sessions (from clients, the server's plugins or components);
 * not for messages nobody was online for. Must not block long.
 *
 * @since 1.7
 */
@ConsumerType
public interface DeliveryListener {

    /**
     * @param message    the message as delivered (its {@code to} as the sender addressed it)
     * @param recipients the sessions of one account that were sent it, never empty
     */
    void delivered(Stanza message, List<Session> recipients);
}
