package org.magpie.server.core.session;

import java.time.Duration;

/**
 * How the server makes sure a client read the messages written to it (see {@link UnconfirmedMessages}).
 *
 * @param confirmDelay how long after a message is written the server asks for proof of reading (a ping);
 *        messages written meanwhile share that ping
 * @param maxMessages the most messages held per session waiting for proof; 0 turns holding them off
 * @param maxBytes the most bytes of such messages held per session
 */
public record DeliverySettings(Duration confirmDelay, int maxMessages, long maxBytes) {

    /** Nothing held, no pings: as before confirmation existed (unit tests of other things). */
    public static final DeliverySettings OFF = new DeliverySettings(Duration.ofSeconds(5), 0, 0);

    public boolean enabled() {
        return maxMessages > 0 && maxBytes > 0;
    }
}
