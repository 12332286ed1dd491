package org.magpie.client.service;

import java.time.Instant;
import java.util.Objects;

/**
 * One conversation of the user's inbox: how many received messages nobody has read yet, and the
 * latest message (received or sent).
 *
 * @param conversation the other party's or the group's bare address
 * @param group        whether it is a group
 * @param unread       received messages not read yet (0 or more)
 * @param lastText     the latest message's text as written, or null when there is none
 * @param lastSender   who wrote it (bare address), or null when unknown
 * @param lastNickname the writer's nickname (in a group: the nickname in the group), or null
 * @param lastKind     what the latest message carries
 * @param lastTime     when it was sent, or null when there is no message
 * @param lastOwn      whether this user wrote it
 * @since 1.4
 */
public record ConversationSummary(String conversation, boolean group, int unread, String lastText, String lastSender,
        String lastNickname, MessageKind lastKind, Instant lastTime, boolean lastOwn) {

    public ConversationSummary {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(lastKind, "lastKind");
        if (unread < 0) {
            throw new IllegalArgumentException("unread < 0");
        }
    }

    /** The same conversation with another unread count. */
    public ConversationSummary withUnread(int count) {
        return new ConversationSummary(conversation, group, count, lastText, lastSender, lastNickname, lastKind, lastTime,
                lastOwn);
    }
}
