package org.magpie.plugin.filter.internal;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.magpie.server.api.WordFilter.Action;
import org.magpie.server.api.WordFilter.Verdict;

/**
 * A compiled word list: checks a text in one pass and says whether it is clean, masked (with the
 * masked text) or blocked, and by which rules. Immutable and thread-safe; a changed list is compiled
 * anew and swapped in whole.
 *
 * <p>Words that begin or end with a Latin letter or digit only match as whole words at that end
 * (the original text has no letter or digit right before or after), so listing "ass" does not
 * mask "class"; Chinese words match anywhere, as Chinese has no spaces between words.
 */
final class SensitiveWords {

    static final SensitiveWords NONE = new SensitiveWords(List.of(), null);

    private final Folding folding;
    private final AhoCorasick automaton;
    /** The rule of each folded word given to the automaton. */
    private final List<Rule> ruleOf;
    private final List<String> folded;
    private final int size;

    /** @param folding how texts and words are folded before matching; null only for an empty list */
    SensitiveWords(List<Rule> rules, Folding folding) {
        this.folding = folding;
        // one entry per distinct folded form; when two rules fold alike, block wins over mask
        Map<String, Rule> byForm = new HashMap<>();
        List<String> order = new ArrayList<>();
        for (Rule rule : rules) {
            for (String form : rule.forms()) {
                String f = folding.word(form);
                if (f.isEmpty()) {
                    continue; // only invisible characters: WordList reports most such lines
                }
                Rule before = byForm.get(f);
                if (before == null) {
                    order.add(f);
                    byForm.put(f, rule);
                } else if (before.action() == Action.MASKED && rule.action() == Action.BLOCKED) {
                    byForm.put(f, rule);
                }
            }
        }
        folded = List.copyOf(order);
        ruleOf = order.stream().map(byForm::get).toList();
        automaton = new AhoCorasick(folded);
        size = rules.size();
    }

    int size() {
        return size;
    }

    Verdict check(String text) {
        if (text == null || text.isEmpty() || folded.isEmpty()) {
            return Verdict.clean(text == null ? "" : text);
        }
        Folded f = Folded.of(text, folding);
        BitSet masked = new BitSet();
        Set<Rule> matched = new LinkedHashSet<>();
        automaton.scan(f.chars(), f.length(), (w, end) -> {
            int start = end - automaton.length(w);
            int from = f.from(start);
            int to = marksAfter(text, f.to(end - 1));
            String word = folded.get(w);
            if (isWordChar(word.charAt(0)) && isWordCharBefore(text, from)) {
                return;
            }
            if (isWordChar(word.charAt(word.length() - 1)) && isWordCharAt(text, to)) {
                return;
            }
            matched.add(ruleOf.get(w));
            masked.set(from, to);
        });
        if (matched.isEmpty()) {
            return Verdict.clean(text);
        }
        List<String> names = matched.stream().map(Rule::name).distinct().toList();
        boolean block = matched.stream().anyMatch(r -> r.action() == Action.BLOCKED);
        return new Verdict(block ? Action.BLOCKED : Action.MASKED, mask(text, masked), names);
    }

    /** One star per masked code point, so the length of the message still shows. */
    private static String mask(String text, BitSet masked) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            out.appendCodePoint(masked.get(i) ? '*' : cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /** Combining marks belong to the letter before them (s̶): they are masked with it. */
    private static int marksAfter(String text, int index) {
        while (index < text.length()) {
            int cp = text.codePointAt(index);
            int type = Character.getType(cp);
            if (type != Character.NON_SPACING_MARK && type != Character.ENCLOSING_MARK) {
                break;
            }
            index += Character.charCount(cp);
        }
        return index;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) && (cp < 0x80
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.LATIN
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.CYRILLIC
                || Character.UnicodeScript.of(cp) == Character.UnicodeScript.GREEK);
    }

    private boolean isWordCharBefore(String text, int index) {
        return index > 0 && isWordChar(folding.foldedString(text.codePointBefore(index)).codePoints()
                .findFirst().orElse(' '));
    }

    private boolean isWordCharAt(String text, int index) {
        return index < text.length() && isWordChar(folding.foldedString(text.codePointAt(index)).codePoints()
                .findFirst().orElse(' '));
    }
}
