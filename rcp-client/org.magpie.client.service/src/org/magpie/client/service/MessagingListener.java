package org.magpie.client.service;

/**
 * Hears what happens on the connection. Called on a background thread: user interfaces hand the
 * calls over to their UI thread themselves.
 */
public interface MessagingListener {

    default void stateChanged(ConnectionState state) {
    }

    default void messageReceived(ChatMessage message) {
    }

    /** The server ended the session for good; the client must log in again. */
    default void sessionEnded(SessionEnd reason) {
    }
}
