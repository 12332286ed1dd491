package org.magpie.client.service;

import java.util.List;
import java.util.Objects;

/**
 * A page of a conversation's history, oldest first.
 *
 * @param messages the messages of the page, oldest first
 * @param older    what to pass to get the page before this one, or null when there is nothing older
 * @param <T>      {@link ChatMessage} or {@link GroupMessage}
 * @since 1.4
 */
public record HistoryPage<T>(List<T> messages, String older) {

    public HistoryPage {
        messages = List.copyOf(Objects.requireNonNull(messages, "messages"));
    }

    /** Whether older messages exist. */
    public boolean hasOlder() {
        return older != null;
    }
}
