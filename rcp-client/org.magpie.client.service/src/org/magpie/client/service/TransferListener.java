package org.magpie.client.service;

/**
 * Hears a {@link Transfer}'s progress and state. Called on a background thread, often (at most
 * about ten times a second while bytes flow): user interfaces hand the calls over to their UI
 * thread themselves.
 *
 * @since 1.5
 */
@FunctionalInterface
public interface TransferListener {

    /** Bytes moved, or the state changed; read the transfer for the details. */
    void changed(Transfer transfer);
}
