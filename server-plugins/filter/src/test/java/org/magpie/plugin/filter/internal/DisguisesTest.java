package org.magpie.plugin.filter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.WordFilter.Action;
import org.magpie.server.api.WordFilter.Verdict;

/**
 * The common ways of writing a listed word so that it looks the same to people but not to a naive
 * filter: each is caught, and the stars fall on exactly the characters of the original text that
 * make up the word (one star per code point, whatever the folding made of it).
 */
class DisguisesTest {

    private static final Folding FOLDING = new Folding();

    private static SensitiveWords list(String... lines) {
        return new SensitiveWords(WordList.parse(List.of(lines)).rules(), FOLDING);
    }

    private static void masked(SensitiveWords words, String text, String expected) {
        Verdict v = words.check(text);
        assertEquals(Action.MASKED, v.action(), () -> "not caught: " + codePoints(text));
        assertEquals(expected, v.text(), () -> "masked wrongly: " + codePoints(text));
    }

    private static String codePoints(String text) {
        StringBuilder b = new StringBuilder(text).append(" [");
        text.codePoints().forEach(c -> b.append(String.format(" U+%04X", c)));
        return b.append(" ]").toString();
    }

    @Test
    void cyrillicLetters() {
        SensitiveWords words = list("shit");
        masked(words, "oh \u0455h\u0456t!", "oh ****!"); // ѕ and і are Cyrillic
        masked(words, "\u0405\u041D\u0406\u0422", "****"); // ЅНІТ, all Cyrillic capitals
        masked(words, "sh\u0456t happens", "**** happens");
    }

    @Test
    void greekLetters() {
        SensitiveWords words = list("porn", "bitch");
        masked(words, "\u0440\u03BFrn", "****"); // Cyrillic р, Greek ο
        masked(words, "\u0392\u0399\u03A4\u03F9\u0397", "*****"); // ΒΙΤϹΗ, all Greek
    }

    @Test
    void fullWidthLetters() {
        masked(list("shit"), "ｓｈｉｔ!", "****!");
        masked(list("傻逼"), "傻　逼", "***"); // an ideographic space between
    }

    @Test
    void accentedLetters() {
        SensitiveWords words = list("shit");
        masked(words, "sh\u00EEt", "****"); // î, one precomposed code point
        masked(words, "\u015Bh\u00EFt", "****"); // ś ï
        masked(words, "\u1E69\u1E25\u1EC9\u1E6D", "****"); // ṩḥỉṭ: letters with two marks each
    }

    @Test
    void combiningMarks() {
        SensitiveWords words = list("shit");
        masked(words, "s\u0336h\u0336i\u0336t\u0336", "********"); // struck through: the marks are masked too
        masked(words, "sh\u0307it", "*****");
        masked(list("敏感词"), "敏\u20DD感词", "****");
    }

    @Test
    void zeroWidthCharacters() {
        SensitiveWords words = list("shit", "敏感词");
        masked(words, "sh\u200Dit", "*****"); // zero-width joiner
        masked(words, "s\u200Chit", "*****"); // zero-width non-joiner
        masked(words, "shi\u200Bt", "*****"); // zero-width space
        masked(words, "s\u2060h\uFEFFi\u00ADt", "*******"); // word joiner, BOM, soft hyphen
        masked(words, "敏\u200D感\u200C词", "*****");
    }

    @Test
    void hangulFillers() {
        SensitiveWords words = list("shit", "傻逼");
        masked(words, "sh\u3164it", "*****"); // HANGUL FILLER, a letter by its category
        masked(words, "s\u115Fhit", "*****"); // HANGUL CHOSEONG FILLER
        masked(words, "傻\u3164逼", "***");
        masked(words, "傻\uFFA0\u1160逼", "****"); // half-width filler, JUNGSEONG FILLER
    }

    @Test
    void traditionalAndSimplifiedCharacters() {
        masked(list("敏感词"), "這是敏感詞", "這是***"); // listed simplified, written traditional
        masked(list("內部機密"), "这是内部机密", "这是****"); // listed traditional, written simplified
        masked(list("他妈的"), "他媽的", "***");
        Verdict v = list("敏感词").check("敏感詞");
        assertEquals(List.of("敏感词"), v.rules(), "reported as the list writes it");
    }

    @Test
    void compatibilityForms() {
        masked(list("fish"), "\uFB01sh", "***"); // the ligature fi: one code point, two letters
        masked(list("shit"), "ⓢⓗⓘⓣ", "****");
        masked(list("shit"), "𝐬𝐡𝐢𝐭", "****");
        masked(list("shit"), "\u24AE\u24A3\u24A4\u24AF", "****"); // parenthesized ⒮⒣⒤⒯
        masked(list("秘密"), "㊙密", "**"); // circled ideograph
    }

    @Test
    void digitsAndLettersThatLookAlike() {
        masked(list("shit"), "sh1t", "****");
        masked(list("shit"), "SHlT", "****");
        masked(list("boobs"), "b00bs", "*****");
    }

    @Test
    void lookalikesDoNotMakeOrdinaryTextDirty() {
        SensitiveWords words = list("ass", "shit", "敏感词");
        assertTrue(words.check("a class assessment, shitake? no: shiitake").isClean());
        assertTrue(words.check("Привет, как дела? Καλημέρα!").isClean());
        assertTrue(words.check("敏感的词语不是一个词").isClean());
        assertTrue(words.check("한국어 텍스트").isClean());
        assertTrue(words.check("日本語のテキスト").isClean());
    }

    @Test
    void theWordListItselfMayUseAnyForm() {
        SensitiveWords words = list("ＳＨＩＴ", "敏感詞");
        masked(words, "shit", "****");
        masked(words, "敏感词", "***");
    }
}
