package org.magpie.plugin.filter.internal;

import java.text.Normalizer;
import java.util.Arrays;
import java.util.Locale;

/**
 * Text folded for matching, so that writing a word differently does not get it past the list:
 * compatibility forms are unified (NFKC: full-width {@code ＡＢＣ} is {@code abc}, circled and
 * styled letters are plain), case is ignored, and separators (spaces, punctuation, symbols, emoji,
 * invisible format characters) are left out, so {@code s.e.n.s.i.t.i.v.e} reads as one word. Each
 * folded char remembers the span of the original text it came from, so matches map back for masking.
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

    static Folded of(String text) {
        Folded f = new Folded(text.length() + 4);
        for (int i = 0; i < text.length();) {
            int cp = text.codePointAt(i);
            int next = i + Character.charCount(cp);
            f.add(cp, i, next);
            i = next;
        }
        return f;
    }

    /** A word of the list in folded form: the same rules, without the spans. */
    static String word(String word) {
        Folded f = of(word);
        return new String(f.chars, 0, f.length);
    }

    private void add(int cp, int start, int end) {
        if (cp < 0x80) { // plain ASCII: the common case, without allocation
            if (Character.isLetterOrDigit(cp)) {
                append((char) Character.toLowerCase(cp), start, end);
            }
            return;
        }
        String folded = cp <= 0xFFFF ? Bmp.TABLE[cp] : fold(cp);
        if (folded == null) { // folds to itself
            append((char) cp, start, end);
            return;
        }
        for (int i = 0; i < folded.length(); i++) {
            append(folded.charAt(i), start, end);
        }
    }

    /**
     * What a code point folds to: NFKC (a circled or styled letter is a symbol until NFKC makes it a
     * letter), lower case, separators left out; "" when nothing is left.
     */
    static String fold(int cp) {
        String nfkc = Normalizer.normalize(Character.toString(cp), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        StringBuilder b = new StringBuilder(nfkc.length());
        for (int i = 0; i < nfkc.length();) {
            int c = nfkc.codePointAt(i);
            i += Character.charCount(c);
            if (!isSeparator(c)) {
                b.appendCodePoint(c);
            }
        }
        return b.toString();
    }

    /**
     * The folding of every code point of the basic plane, computed once (about 65,000 NFKC calls, a
     * few milliseconds) so that checking a message allocates nothing per character; null where a
     * code point folds to itself, as Chinese characters do.
     */
    private static final class Bmp {
        static final String[] TABLE = new String[0x10000];

        static {
            for (int cp = 0x80; cp <= 0xFFFF; cp++) {
                if (Character.isSurrogate((char) cp)) {
                    TABLE[cp] = "";
                    continue;
                }
                String f = fold(cp);
                TABLE[cp] = f.length() == 1 && f.charAt(0) == cp ? null : f.intern();
            }
        }
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

    static boolean isSeparator(int cp) {
        if (cp < 0x80) {
            return !Character.isLetterOrDigit(cp);
        }
        return switch (Character.getType(cp)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL, Character.FORMAT, Character.NON_SPACING_MARK, Character.ENCLOSING_MARK,
                    Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                    Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                    Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION, Character.MATH_SYMBOL,
                    Character.CURRENCY_SYMBOL, Character.MODIFIER_SYMBOL, Character.OTHER_SYMBOL,
                    Character.SURROGATE, Character.UNASSIGNED -> true;
            default -> false;
        };
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
