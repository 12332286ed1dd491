package org.magpie.plugin.filter.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.magpie.server.api.WordFilter.Action;

/**
 * Reads the word list format: UTF-8, one rule a line, {@code #} starts a comment line.
 *
 * <pre>
 * word                      masked (the default action)
 * word block                not delivered at all
 * 敏感词|敏感詞 mask          several forms of one rule, separated by |
 * </pre>
 *
 * The action, when given, is the last word of the line ({@code mask} or {@code block}, any case).
 * Lines that fold to nothing (only punctuation) are reported and skipped.
 */
final class WordList {

    /** A rule the list could not use, with its line number. */
    record Problem(int line, String message) {
    }

    private final List<Rule> rules;
    private final List<Problem> problems;

    private WordList(List<Rule> rules, List<Problem> problems) {
        this.rules = List.copyOf(rules);
        this.problems = List.copyOf(problems);
    }

    static WordList parse(List<String> lines) {
        List<Rule> rules = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (int n = 0; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (n == 0 && line.startsWith("\uFEFF")) {
                line = line.substring(1).strip(); // a byte order mark left by some editors
            }
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            Action action = Action.MASKED;
            int space = lastSpace(line);
            if (space > 0) {
                String last = line.substring(space + 1).toLowerCase(Locale.ROOT);
                if (last.equals("block") || last.equals("mask")) {
                    action = last.equals("block") ? Action.BLOCKED : Action.MASKED;
                    line = line.substring(0, space).strip();
                }
            }
            List<String> forms = new ArrayList<>();
            for (String form : line.split("\\|")) {
                String f = form.strip();
                if (!Folding.hasLettersOrDigits(f)) {
                    problems.add(new Problem(n + 1, "\"" + f + "\" has no letters or digits to match"));
                } else {
                    forms.add(f);
                }
            }
            if (!forms.isEmpty()) {
                rules.add(new Rule(forms.get(0), forms, action));
            }
        }
        return new WordList(rules, problems);
    }

    private static int lastSpace(String line) {
        for (int i = line.length() - 1; i >= 0; i--) {
            if (Character.isWhitespace(line.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    List<Rule> rules() {
        return rules;
    }

    List<Problem> problems() {
        return problems;
    }
}
