package org.magpie.client.service;

import java.util.concurrent.CompletableFuture;

/**
 * The client's connection to a Magpie (or any XMPP) server. One logged-in account at a time.
 * Operations return futures that fail with {@link ServiceException}; nothing blocks the caller.
 * Implemented by the only bundle that knows the XMPP library.
 */
public interface MessagingService {

    /**
     * Creates an account on the server (in-band registration) over an encrypted connection, then
     * disconnects. Fails with {@link FailureKind#ACCOUNT_TAKEN}, {@link FailureKind#WEAK_PASSWORD}
     * (with the server's rule), {@link FailureKind#REGISTRATION_DISABLED}, ... .
     */
    CompletableFuture<Void> register(ServerAddress server, String username, String password, String nickname);

    /**
     * Connects and logs in; afterwards the service keeps the session up, reconnecting with backoff
     * after a network loss, until {@link #logout()} or the server ends the session.
     *
     * @return the logged-in account's bare address, e.g. {@code alice@example}
     */
    CompletableFuture<String> login(ServerAddress server, String username, String password);

    /** Logs out and stays offline. */
    void logout();

    ConnectionState state();

    /** The logged-in account's bare address, or null. */
    String account();

    /** The nickname shown to others with this user's messages. */
    String nickname();

    /**
     * Sends a chat message.
     *
     * @param to the other party's bare address
     * @return the message as sent (for the sender's own chat view)
     */
    CompletableFuture<ChatMessage> send(String to, String text);

    void addListener(MessagingListener listener);

    void removeListener(MessagingListener listener);
}
