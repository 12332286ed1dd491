package org.magpie.server.core.session;

import java.time.Duration;

/**
 * Stream management (XEP-0198) as the administrator set it.
 *
 * @param enabled     whether the feature is offered at all
 * @param resume      how long a session whose connection dropped waits for its client to resume it;
 *                    zero offers acknowledgements without resumption
 * @param ackDelay    how long after the first unacknowledged stanza the server asks the client for an
 *                    acknowledgement (stanzas sent meanwhile share it)
 * @param maxUnacked  the most stanzas kept for one session awaiting acknowledgement: a client that does not
 *                    acknowledge is disconnected past it, and a detached session stops waiting for its client
 */
public record StreamManagementSettings(boolean enabled, Duration resume, Duration ackDelay, int maxUnacked) {

    /** Not offered (unit tests of other things). */
    public static final StreamManagementSettings OFF = new StreamManagementSettings(false, Duration.ZERO,
            Duration.ofSeconds(1), 0);

    public StreamManagementSettings {
        if (enabled && maxUnacked < 1) {
            throw new IllegalArgumentException("server.sm.unacked.max must be at least 1, not " + maxUnacked);
        }
        if (resume.isNegative() || ackDelay.isNegative()) {
            throw new IllegalArgumentException("stream management durations cannot be negative");
        }
    }

    public boolean resumable() {
        return enabled && !resume.isZero();
    }
}
