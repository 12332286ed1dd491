package org.magpie.server.core.sasl;

/** A SCRAM StoredKey and ServerKey: enough to verify a client, useless for logging in elsewhere. */
public record ScramKeys(byte[] storedKey, byte[] serverKey) {
}
