package org.magpie.server.core.sasl;

/** The server side of one SASL exchange; one instance per attempt. */
public interface SaslMechanism {

    /** The first step: the client's initial response (empty when none was sent). */
    SaslOutcome start(byte[] initialResponse);

    /** A later step: the client's response to our challenge. */
    SaslOutcome respond(byte[] response);
}
