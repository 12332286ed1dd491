package org.magpie.server.core.sasl;

/** The server side of one SASL exchange; one instance per attempt. */
public interface SaslMechanism {

    /**
     * The first step: the client's initial response. Without one (empty), the client is asked for
     * it with an empty challenge (RFC 6120 section 6.4.2); with one, it is the first response.
     */
    default SaslOutcome start(byte[] initialResponse) {
        return initialResponse.length == 0 ? new SaslOutcome.Challenge(new byte[0]) : respond(initialResponse);
    }

    /** A later step: the client's response to our challenge. */
    SaslOutcome respond(byte[] response);
}
