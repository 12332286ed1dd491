package org.magpie.plugin.filter.internal;

import java.util.List;

import org.magpie.server.api.WordFilter.Action;

/**
 * One line of the word list: a word with the other ways it is written (traditional and simplified
 * forms, spellings), and what to do with it ({@link Action#MASKED} or {@link Action#BLOCKED}).
 *
 * @param name how warnings and logs name the rule: its first form, as the list writes it
 */
record Rule(String name, List<String> forms, Action action) {

    Rule {
        forms = List.copyOf(forms);
        if (action == Action.CLEAN) {
            throw new IllegalArgumentException("a rule masks or blocks");
        }
    }
}
