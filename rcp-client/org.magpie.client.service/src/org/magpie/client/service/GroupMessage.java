package org.magpie.client.service;

import java.time.Instant;
import java.util.Objects;

/**
 * A line of a group chat: a message someone wrote, or the group's notice that someone joined or left.
 *
 * @param group          the group's bare address
 * @param sender         the writer's (or, for a notice, the newcomer's) bare address, or null when unknown
 * @param senderNickname the writer's (or the newcomer's) nickname in the group
 * @param text           the text as written; for a notice the server's English sentence
 * @param time           when it was sent (the server's delay stamp when there is one)
 * @param own            whether this user wrote it (or, for a notice, is the one who joined or left)
 * @param kind           a message or a notice
 * @param history        whether it was sent before this user entered (replayed by the group on entering)
 * @since 1.3
 */
public record GroupMessage(String group, String sender, String senderNickname, String text, Instant time, boolean own,
        Kind kind, boolean history) {

    public enum Kind {
        /** Someone wrote it. */
        MESSAGE,
        /** The group's notice that someone joined it. */
        JOINED,
        /** The group's notice that someone left it. */
        LEFT
    }

    public GroupMessage {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(senderNickname, "senderNickname");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(kind, "kind");
    }

    public boolean isNotice() {
        return kind != Kind.MESSAGE;
    }
}
