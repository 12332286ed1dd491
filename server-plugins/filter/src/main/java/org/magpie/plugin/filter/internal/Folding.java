package org.magpie.plugin.filter.internal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.ibm.icu.lang.UCharacter;
import com.ibm.icu.lang.UProperty;
import com.ibm.icu.text.Normalizer2;
import com.ibm.icu.text.SpoofChecker;
import com.ibm.icu.text.Transliterator;
import com.ibm.icu.text.UnicodeSet;
import com.ibm.icu.text.UnicodeSetIterator;

/**
 * What each code point counts as when words are matched, so that the disguises people use to get a
 * word past a filter do not work. A code point folds to a short string (often itself, often nothing):
 *
 * <ol>
 * <li>nothing for invisible characters: default-ignorable code points (zero-width space, joiner and
 *     non-joiner, soft hyphen, variation selectors, the Hangul fillers U+115F, U+1160, U+3164,
 *     U+FFA0), and separators (spaces, punctuation, symbols, emoji);</li>
 * <li>compatibility forms unified (NFKD: full-width, circled, styled, ligatures), accents and other
 *     combining marks removed, case folded;</li>
 * <li>traditional Chinese characters as simplified ones (ICU's Traditional-Simplified);</li>
 * <li>each letter as its lookalike prototype (UTS #39 confusables, ICU's SpoofChecker skeletons:
 *     Cyrillic {@code а} and Greek {@code α} are {@code a}, {@code 0} is {@code o}, {@code 1} is
 *     {@code l}). As case is ignored too, a capital and its small letter fold alike even where their
 *     shapes have different lookalikes: Cyrillic {@code Н} looks like H and {@code н} like a small
 *     capital H, both are {@code h}; {@code I} looks like {@code l}, so {@code i}, {@code I},
 *     {@code l} and {@code 1} are one letter. Prototypes of several letters (UTS #39 has {@code m}
 *     look like {@code rn}) are not used: they would make words out of letter pairs.</li>
 * </ol>
 *
 * The folding of the basic plane is computed once, when the filter starts (ICU loads its tables:
 * one to a few seconds, on the filter's own thread), into a table, so checking a text costs one
 * array read per character. The ICU object that is not thread-safe (the transliterator) is made,
 * used and dropped while building; what is kept (the table, a map, the normalizer and the spoof
 * checker, which ICU documents as thread-safe) is safe to share between threads.
 */
final class Folding {

    private static final int BMP = 0x10000;
    private static final int HANGUL_FIRST = 0xAC00;
    private static final int HANGUL_LAST = 0xD7A3;

    private final Normalizer2 nfkd = Normalizer2.getNFKDInstance();
    private final SpoofChecker spoof = new SpoofChecker.Builder().build();
    /** Traditional characters and their simplified forms, for those outside the basic plane. */
    private final Map<Integer, String> simplified;
    /** For each code point of the basic plane what it folds to; null where it folds to itself. */
    private final String[] table = new String[BMP];

    Folding() {
        // ICU compiles the transliterator's rules for a second or two: meanwhile this thread builds the table
        CompletableFuture<Map<Integer, String>> traditional = CompletableFuture.supplyAsync(Folding::simplifiedForms);
        for (int cp = 0; cp < BMP; cp++) {
            int type = Character.getType(cp);
            if (type == Character.SURROGATE || type == Character.UNASSIGNED) {
                table[cp] = "";
            } else if (type == Character.PRIVATE_USE) {
                table[cp] = null;
            } else if (cp >= HANGUL_FIRST && cp <= HANGUL_LAST) { // a syllable is its letters (jamo), folded before
                StringBuilder b = new StringBuilder(3);
                nfkd.normalize(Character.toString(cp)).codePoints().forEach(c -> b.append(foldedString(c)));
                store(cp, b.toString());
            } else {
                store(cp, foldOnce(cp));
            }
        }
        // traditional characters fold as their simplified forms do
        simplified = traditional.join();
        Map<Integer, String> asSimplified = new HashMap<>();
        simplified.forEach((t, s) -> {
            if (t < BMP && foldedString(t).equals(Character.toString(t))) {
                asSimplified.put(t, word(s)); // also for what folds to t (compatibility ideographs)
            } else if (t < BMP) {
                store(t, word(s));
            }
        });
        rewrite(asSimplified);
        // Case is ignored, so a capital and its small letter must fold alike even where their shapes
        // have different lookalikes: Cyrillic н looks like a small capital H, not like h; I looks
        // like l, i does not. The small letter's lookalike class joins the capital's.
        Map<Integer, String> joined = new HashMap<>();
        for (int cp = 0x80; cp < BMP; cp++) {
            int small = UCharacter.toLowerCase(cp);
            String big = foldedString(cp);
            String little = small < BMP ? foldedString(small) : "";
            if (small != cp && big.length() == 1 && little.length() == 1 && isAscii(big) && !isAscii(little)) {
                joined.putIfAbsent(little.codePointAt(0), big);
            }
        }
        rewrite(joined);
        Map<Integer, String> latin = new HashMap<>();
        for (int capital = 'A'; capital <= 'Z'; capital++) {
            String shape = lookalikes(plainOf(spoof.getSkeleton(Character.toString(capital))));
            String small = foldedString(Character.toLowerCase(capital));
            if (shape.length() == 1 && small.length() == 1 && !shape.equals(small)) {
                latin.put(shape.codePointAt(0), small);
            }
        }
        rewrite(latin);
    }

    private void store(int cp, String folded) {
        table[cp] = folded.length() == 1 && folded.charAt(0) == cp ? null : folded.intern();
    }

    /** Replaces, in every folded form, the code points of a class by another class's. */
    private void rewrite(Map<Integer, String> classes) {
        if (classes.isEmpty()) {
            return;
        }
        for (int cp = 0; cp < BMP; cp++) {
            String f = foldedString(cp);
            if (f.codePoints().noneMatch(classes::containsKey)) {
                continue;
            }
            StringBuilder b = new StringBuilder(f.length());
            f.codePoints().forEach(c -> {
                String to = classes.get(c);
                if (to == null) {
                    b.appendCodePoint(c);
                } else {
                    b.append(to);
                }
            });
            store(cp, b.toString());
        }
    }

    /**
     * Steps 1 to 3, then each letter as its lookalike prototype. A capital of another script that
     * looks like a Latin letter or digit is that (Greek Η is H, though η looks like n).
     */
    private String foldOnce(int cp) {
        String plain = plain(cp);
        if (plain.isEmpty()) {
            return plain;
        }
        if (cp >= 0x80 && (UCharacter.isUUppercase(cp) || UCharacter.isTitleCase(cp))) {
            String shape = lookalikes(plainOf(spoof.getSkeleton(Character.toString(cp))));
            if (!shape.isEmpty() && isAscii(shape)) {
                return shape;
            }
        }
        return lookalikes(plain);
    }

    /**
     * Each letter as its lookalike prototype, until nothing changes (a prototype may be a capital or
     * a traditional character, folded in turn).
     */
    private String lookalikes(String plain) {
        String current = plain;
        for (int round = 0; round < 4; round++) {
            StringBuilder b = new StringBuilder(current.length());
            current.codePoints().forEach(c -> {
                String prototype = plainOf(spoof.getSkeleton(Character.toString(c)));
                b.append(prototype.codePointCount(0, prototype.length()) == 1 ? prototype : Character.toString(c));
            });
            String next = b.toString();
            if (next.equals(current)) {
                break;
            }
            current = next;
        }
        return current;
    }

    private static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }

    /**
     * What a code point folds to: "" when it counts as nothing; for the basic plane the table, so no
     * allocation where it folds to itself (then the answer is null: the caller uses the char).
     */
    String fold(int cp) {
        if (cp < BMP) {
            return table[cp];
        }
        if (isSeparator(cp)) {
            return ""; // emoji and the other symbols outside the basic plane, at once
        }
        // styled letters (𝐛) become plain ones, whose folding is in the table; CJK extensions stay themselves
        StringBuilder b = new StringBuilder();
        lookalikes(plain(cp)).codePoints().forEach(c -> b.append(c < BMP ? foldedString(c) : Character.toString(c)));
        return b.toString();
    }

    /** A code point as a string after folding; for words and for looking at a neighbouring character. */
    String foldedString(int cp) {
        String f = fold(cp);
        return f == null ? Character.toString(cp) : f;
    }

    /** A whole text folded, without positions: how a word of the list is matched. */
    String word(String text) {
        StringBuilder b = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> b.append(foldedString(cp)));
        return b.toString();
    }

    /** Steps 1 to 3: nothing for invisible characters and separators; compatibility forms, marks, case, simplified. */
    private String plain(int cp) {
        if (UCharacter.hasBinaryProperty(cp, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
            return "";
        }
        return plainOf(Character.toString(cp));
    }

    private String plainOf(String s) {
        String d = nfkd.normalize(s);
        StringBuilder simple = new StringBuilder(d.length());
        d.codePoints().forEach(c -> {
            String t = simplified == null ? null : simplified.get(c);
            if (t == null) {
                simple.appendCodePoint(c);
            } else {
                simple.append(t);
            }
        });
        String folded = nfkd.normalize(UCharacter.foldCase(simple.toString(), true));
        StringBuilder b = new StringBuilder(folded.length());
        folded.codePoints().forEach(c -> {
            if (!isSeparator(c) && !UCharacter.hasBinaryProperty(c, UProperty.DEFAULT_IGNORABLE_CODE_POINT)) {
                b.appendCodePoint(c);
            }
        });
        return b.toString();
    }

    /**
     * Traditional characters whose simplified form differs. The transliterator is not thread-safe: it
     * is made, used and dropped here, by one thread.
     */
    private static Map<Integer, String> simplifiedForms() {
        Transliterator toSimplified = Transliterator.getInstance("Traditional-Simplified");
        UnicodeSet source = toSimplified.getSourceSet();
        Map<Integer, String> forms = new HashMap<>();
        for (UnicodeSetIterator it = new UnicodeSetIterator(source); it.next();) {
            if (it.codepoint == UnicodeSetIterator.IS_STRING) {
                continue;
            }
            String t = Character.toString(it.codepoint);
            String s = toSimplified.transliterate(t);
            if (!s.equals(t)) {
                forms.put(it.codepoint, s);
            }
        }
        return Map.copyOf(forms);
    }

    /** Spaces, punctuation, symbols, marks, controls and format characters: nothing in a word. */
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

    /** Whether a form of the word list has anything to match, for reporting lines that do not (no ICU needed). */
    static boolean hasLettersOrDigits(String form) {
        return java.text.Normalizer.normalize(form, java.text.Normalizer.Form.NFKC).codePoints()
                .anyMatch(c -> !isSeparator(c) && !Character.isIdentifierIgnorable(c));
    }
}
