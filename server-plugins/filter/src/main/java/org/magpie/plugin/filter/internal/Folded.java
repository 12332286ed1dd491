package org.magpie.plugin.filter.internal;

import java.util.Arrays;

/**
 * A text folded for matching (see {@link Folding}): each folded char remembers the span of the
 * original text it came from, so matches map back for masking. One original code point may become
 * several folded chars (the ligature ﬁ is f and i, both with the span of ﬁ) or none (a zero-width
 * space, an accent, punctuation), so the span of a match in the original also covers what was left
 * out between its letters.
 */
final class Folded {

    private char[] chars;
    /** For each folded char, the index of its code point in the original text, and the index after it. */
    private int[] from;
    private int[] to;
    private int length;

    private Folded(int capacity) {
        chars = new char[capacity];
        from = new int[capacity];
        to = new int[capacity];
    }

    /** Folds a text once: one table read per character of the basic plane. */
    static Folded of(String text, Folding folding) {
        Folded f = new Folded(text.length() + 4);
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            String folded = folding.fold(cp);
            if (folded == null) { // folds to itself, as most Chinese characters and small letters do
                f.append((char) cp, i, next);
            } else {
                for (int k = 0; k < folded.length(); k++) {
                    f.append(folded.charAt(k), i, next);
                }
            }
            i = next;
        }
        return f;
    }

    private void append(char c, int start, int end) {
        if (length == chars.length) {
            int grown = length * 2;
            chars = Arrays.copyOf(chars, grown);
            from = Arrays.copyOf(from, grown);
            to = Arrays.copyOf(to, grown);
        }
        chars[length] = c;
        from[length] = start;
        to[length] = end;
        length++;
    }

    char[] chars() {
        return chars;
    }

    int length() {
        return length;
    }

    /** Where the folded char at {@code index} starts in the original text. */
    int from(int index) {
        return from[index];
    }

    /** Where the folded char at {@code index} ends in the original text. */
    int to(int index) {
        return to[index];
    }
}
