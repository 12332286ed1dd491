package org.magpie.client.service;

import java.util.List;

/**
 * Hears about the user's inbox. Called on the same background thread as the {@link MessagingListener}s,
 * in order with them: user interfaces hand the calls over to their UI thread.
 *
 * @since 1.4
 */
public interface HistoryListener {

    /**
     * The inbox as the server keeps it, fetched after every login (and reconnection); its counts
     * include the messages that came while the user was offline. Empty after the session ended.
     *
     * @param inbox the conversations, latest activity first
     */
    default void inboxChanged(List<ConversationSummary> inbox) {
    }

    /** The user read a conversation in another session of the account: its count is 0 now. */
    default void readElsewhere(String conversation) {
    }
}
