package org.magpie.server.core.session;

import java.util.concurrent.ScheduledExecutorService;

import org.magpie.server.core.sasl.Authenticator;

/**
 * What every client session of this server shares: its settings and the services a session calls.
 *
 * @param tlsAvailable whether STARTTLS can be offered (a key and certificate are there)
 * @param timer        runs the sessions' timeouts, pings and acknowledgement requests
 * @param clientStateMaxHeld the most presence updates and chat states held for a client that said it is
 *        inactive (XEP-0352); 0 = off
 */
public record SessionContext(StreamSettings settings, Authenticator authenticator, SessionRegistry registry,
        StanzaPipeline pipeline, boolean tlsAvailable, ScheduledExecutorService timer, DeliverySettings delivery,
        StreamManagementSettings streamManagement, ResumableSessions resumables, int clientStateMaxHeld) {
}
