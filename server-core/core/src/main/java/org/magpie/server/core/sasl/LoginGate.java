package org.magpie.server.core.sasl;

import java.time.Duration;

/**
 * Asked by a mechanism once it knows who logs in and before it checks the password or proof, so
 * that an attempt during a delay is answered the same whatever the password was.
 */
@FunctionalInterface
public interface LoginGate {

    /** How long this (normalised) account must wait before a password may be checked here, or zero. */
    Duration retryAfter(String username);

    /** The failure a mechanism answers while the gate is closed. */
    static SaslOutcome.Failure closed(Duration wait) {
        long seconds = Math.max(1, wait.toMillis() / 1000 + (wait.toMillis() % 1000 == 0 ? 0 : 1));
        return new SaslOutcome.Failure("temporary-auth-failure",
                "Too many failed logins; try again in " + seconds + " second" + (seconds == 1 ? "" : "s") + ".", null);
    }

    /** Delays the outcome of attempts that may go ahead. */
    LoginGate OPEN = username -> Duration.ZERO;
}
