package org.magpie.server.core.sasl;

/** What one SASL step produced. */
public sealed interface SaslOutcome {

    /** Send a challenge and wait for the client's response. */
    record Challenge(byte[] data) implements SaslOutcome {
    }

    /** Authenticated as this (normalised) username; data goes with the success element. */
    record Success(String username, byte[] additionalData) implements SaslOutcome {
    }

    /**
     * Failed with a SASL condition (RFC 6120 section 6.5). {@code username} is what the client
     * claimed, when known, so that failed attempts can be counted per account.
     */
    record Failure(String condition, String text, String username) implements SaslOutcome {
    }
}
