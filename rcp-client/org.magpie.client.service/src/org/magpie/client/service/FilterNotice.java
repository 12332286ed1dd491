package org.magpie.client.service;

import java.util.List;
import java.util.Objects;

/**
 * The server's sensitive-word filter changed or stopped a message this user sent.
 *
 * @param action     what the server did with the message
 * @param rules      the rules (listed words) that matched, as the server names them
 * @param serverText the server's own explanation in the user's language, or null
 * @since 1.3
 */
public record FilterNotice(Action action, List<String> rules, String serverText) {

    public enum Action {
        /** Delivered, with the listed words replaced by {@code *}. */
        MASKED,
        /** Not delivered to anybody. */
        BLOCKED
    }

    public FilterNotice {
        Objects.requireNonNull(action, "action");
        rules = List.copyOf(rules);
    }
}
