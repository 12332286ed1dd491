package org.magpie.client.service;

import java.util.List;

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

    /**
     * A message this user sent was not delivered: the server sent it back with an error, for
     * example because the recipient is offline or does not exist. The reason's
     * {@link ServiceException#serverText()} has the server's words when it gave any (e.g.
     * "bob@example is offline.").
     *
     * @param message the message as {@link MessagingService#send} returned it (own = true)
     * @since 1.1
     */
    default void messageFailed(ChatMessage message, ServiceException reason) {
    }

    /**
     * The contact list changed as a whole: loaded after a login, a contact added or removed, a
     * nickname or a subscription changed. Empty after the session ended.
     *
     * @param contacts every contact, as {@link MessagingService#contacts()} returns them
     * @since 1.2
     */
    default void contactsChanged(List<Contact> contacts) {
    }

    /**
     * One contact went online or offline, or changed its status text.
     *
     * @since 1.2
     */
    default void contactChanged(Contact contact) {
    }

    /**
     * Someone asks to become this user's friend. A request not answered in this session comes again
     * at the next login (also after a reconnection), so the same requester may be reported more than once.
     *
     * @since 1.2
     */
    default void friendRequestReceived(FriendRequest request) {
    }

    /**
     * The server's sensitive-word filter changed a message this user sent before delivering it
     * ({@link FilterNotice.Action#MASKED}: the recipient sees stars), or kept it from everybody
     * ({@link FilterNotice.Action#BLOCKED}). A blocked message is reported here only, not also to
     * {@link #messageFailed}.
     *
     * @param message the message as {@link MessagingService#send} returned it (own = true)
     * @since 1.3
     */
    default void messageFiltered(ChatMessage message, FilterNotice notice) {
    }

    /**
     * The server (an administrator) announced something to everybody online.
     *
     * @since 1.3
     */
    default void announcementReceived(Announcement announcement) {
    }
}
