package org.magpie.client.service;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The history of the account logged in through the {@link MessagingService} (the same object
 * offers both): recent messages of a chat or a group page by page (XEP-0313 on the server), and the
 * inbox with unread counts and the latest message of every conversation. Operations return futures
 * that fail with {@link ServiceException}; nothing blocks the caller.
 *
 * @since 1.4
 */
public interface HistoryService {

    /**
     * A page of the chat with another account, the newest page first.
     *
     * @param peer  the other party's bare address
     * @param older null for the newest page, else {@link HistoryPage#older()} of the page after it
     * @param max   at most this many messages (1 to 100)
     */
    CompletableFuture<HistoryPage<ChatMessage>> chatHistory(String peer, String older, int max);

    /**
     * A page of a group's history (members only), the newest page first; the messages have
     * {@link GroupMessage#history()} set.
     *
     * @param group the group's bare address
     * @param older null for the newest page, else {@link HistoryPage#older()} of the page after it
     * @param max   at most this many messages (1 to 100)
     */
    CompletableFuture<HistoryPage<GroupMessage>> groupHistory(String group, String older, int max);

    /** Fetches the inbox from the server now, latest activity first. */
    CompletableFuture<List<ConversationSummary>> inbox();

    /** The inbox as last fetched in this session (at login), with reads since; empty while offline. */
    List<ConversationSummary> lastInbox();

    /**
     * Tells the server that the user read a conversation: its unread count becomes 0, also in the
     * user's other sessions.
     *
     * @param conversation the other party's or the group's bare address
     */
    CompletableFuture<Void> markRead(String conversation);

    /**
     * What a message's text carries, for previews and transcripts: as the XEP-0066 out-of-band data
     * of a message with this text heard in this session (live or from the archive) says, else as
     * {@link MessageKind#of(String)} guesses from the text alone.
     *
     * @since 1.6
     */
    default MessageKind kind(String text) {
        return MessageKind.of(text);
    }

    void addHistoryListener(HistoryListener listener);

    void removeHistoryListener(HistoryListener listener);
}
