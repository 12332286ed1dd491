package org.magpie.client.service;

import java.time.Instant;
import java.util.Objects;

/**
 * One chat message as the client shows it.
 *
 * @param conversation   the bare address of the other party ({@code bob@example})
 * @param sender         the bare address of who wrote it
 * @param senderNickname the writer's nickname, or the local part of the address when unknown
 * @param text           the text as typed (line breaks kept)
 * @param time           when it was sent (the server's delay stamp when there is one)
 * @param own            whether this user wrote it
 */
public record ChatMessage(String conversation, String sender, String senderNickname, String text, Instant time,
        boolean own) {

    public ChatMessage {
        Objects.requireNonNull(conversation, "conversation");
        Objects.requireNonNull(sender, "sender");
        Objects.requireNonNull(senderNickname, "senderNickname");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
