package org.magpie.client.service;

import java.util.List;
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

    // ------------------------------------------------------------------ friends (since 1.2)

    /**
     * The contact list of the logged-in account, in no particular order; empty while offline or
     * before the server sent it. Contacts whose request was refused may stay with {@link
     * Contact.Subscription#NONE}: what to show is the caller's choice.
     *
     * @since 1.2
     */
    List<Contact> contacts();

    /**
     * Friend requests received in this session and not answered yet, oldest first.
     *
     * @since 1.2
     */
    List<FriendRequest> friendRequests();

    /**
     * Asks another account to become a friend (a presence subscription request), with an optional
     * greeting the other side sees with the request. Completes once the server took the request;
     * the other side may answer much later (the server keeps the request until then). Fails with
     * {@link FailureKind#NO_SUCH_ACCOUNT} when the account does not exist, {@link
     * FailureKind#ALREADY_FRIENDS} when it is a friend already, {@link FailureKind#INVALID_INPUT}
     * for an address that is not valid or is the user's own.
     *
     * @param account the other account's bare address
     * @param greeting a short text for the other side, or null
     * @since 1.2
     */
    CompletableFuture<Void> requestFriend(String account, String greeting);

    /**
     * Accepts a friend request: the requester sees this user's presence, and a request back makes
     * the friendship mutual.
     *
     * @since 1.2
     */
    CompletableFuture<Void> acceptRequest(String account);

    /** Refuses a friend request; the server does not deliver it again. @since 1.2 */
    CompletableFuture<Void> rejectRequest(String account);

    /**
     * Removes a contact from the list; neither side sees the other's presence any more.
     *
     * @since 1.2
     */
    CompletableFuture<Void> removeFriend(String account);

    void addListener(MessagingListener listener);

    void removeListener(MessagingListener listener);
}
