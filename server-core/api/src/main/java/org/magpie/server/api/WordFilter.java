package org.magpie.server.api;

import java.util.List;
import java.util.Objects;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Checks text users write against the server's sensitive-word list, for plugins that accept names
 * and other words outside messages (nicknames, group names). Provided by the filter plugin while it
 * runs; reference it optionally: without it, nothing is filtered.
 */
@ProviderType
public interface WordFilter {

    /** Checks one text; never null. */
    Verdict check(String text);

    /** What the list says about a text. */
    enum Action {
        /** No listed word. */
        CLEAN,
        /** Listed words whose rule is "mask" only: {@link Verdict#text()} has them replaced by {@code *}. */
        MASKED,
        /** At least one listed word whose rule is "block". */
        BLOCKED
    }

    /**
     * The outcome of a check.
     *
     * @param text the text with every matched word replaced by {@code *} (the original when clean), for
     *        places where masking is the only possible answer, such as a presence status
     * @param rules the rules that matched, as the list names them, in order of first appearance
     */
    record Verdict(Action action, String text, List<String> rules) {

        public Verdict {
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(text, "text");
            rules = List.copyOf(rules);
        }

        public static Verdict clean(String text) {
            return new Verdict(Action.CLEAN, text, List.of());
        }

        public boolean isClean() {
            return action == Action.CLEAN;
        }
    }
}
