package org.magpie.server.core.session;

/**
 * The one state machine of a client stream (RFC 6120): what an element may do is decided by the
 * state alone, in {@link ClientSession}. TLS is orthogonal: a flag, negotiated while CONNECTED.
 */
public enum SessionState {
    /** Stream open, not authenticated: STARTTLS, SASL and pre-auth IQs (registration). */
    CONNECTED,
    /** SASL succeeded, no resource yet: bind and the legacy session IQ. */
    AUTHENTICATED,
    /** A full JID is bound: stanzas are routed. */
    BOUND,
    /**
     * This connection resumed an earlier session (XEP-0198): what arrives is handed to that session,
     * which stays BOUND throughout.
     */
    RESUMED,
    /** Closing or closed: everything is ignored. */
    CLOSED
}
