package org.magpie.plugin.filter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.WordFilter.Action;
import org.magpie.server.api.WordFilter.Verdict;

class SensitiveWordsTest {

    private static final Folding FOLDING = new Folding();

    private static SensitiveWords list(String... lines) {
        return new SensitiveWords(WordList.parse(List.of(lines)).rules(), FOLDING);
    }

    @Test
    void cleanTextPassesUnchanged() {
        Verdict v = list("badword", "坏词").check("A perfectly fine message, 一条正常的消息。");
        assertEquals(Action.CLEAN, v.action());
        assertEquals("A perfectly fine message, 一条正常的消息。", v.text());
        assertEquals(List.of(), v.rules());
    }

    @Test
    void chineseWordsAreMaskedAnywhereInASentence() {
        Verdict v = list("敏感词").check("这里有个敏感词哦");
        assertEquals(Action.MASKED, v.action());
        assertEquals("这里有个***哦", v.text());
        assertEquals(List.of("敏感词"), v.rules());
    }

    @Test
    void englishWordsIgnoreCaseAndMatchWholeWordsOnly() {
        SensitiveWords words = list("ass");
        assertEquals("you ***!", words.check("you ASS!").text());
        assertTrue(words.check("a class of its own, assess the bass").isClean(), "no Scunthorpe problem");
        assertEquals("***-hat", words.check("ass-hat").text());
    }

    @Test
    void separatorsInsertedBetweenLettersDoNotHideAWord() {
        SensitiveWords words = list("sensitive", "敏感词");
        assertEquals("*****************!", words.check("s.e.n.s.i.t.i.v.e!").text());
        assertEquals("************* ok", words.check("se ns_it-iv e ok").text(), "separators inside are masked too");
        assertEquals("这是*****", words.check("这是敏 感_词").text());
        assertEquals("这是****", words.check("这是敏\u200B感词").text(), "a zero-width space is a separator too");
    }

    @Test
    void fullWidthAndStyledFormsAreTheSameWord() {
        SensitiveWords words = list("badword");
        assertEquals(Action.MASKED, words.check("ＢＡＤＷＯＲＤ").action(), "full-width");
        assertEquals(Action.MASKED, words.check("ⓑⓐⓓⓦⓞⓡⓓ").action(), "circled letters");
        assertEquals(Action.MASKED, words.check("𝐛𝐚𝐝𝐰𝐨𝐫𝐝").action(), "mathematical bold, outside the BMP");
        assertEquals("*******", words.check("𝐛𝐚𝐝𝐰𝐨𝐫𝐝").text(), "one star per code point");
    }

    @Test
    void traditionalAndSimplifiedFormsComeFromTheList() {
        SensitiveWords words = list("敏感词|敏感詞");
        Verdict traditional = words.check("這是敏感詞");
        assertEquals("這是***", traditional.text());
        assertEquals(List.of("敏感词"), traditional.rules(), "reported under the rule's first form");
    }

    @Test
    void overlappingAndNestedWordsAreAllFound() {
        SensitiveWords words = list("bad guy", "guy here", "坏人", "坏人坏事");
        Verdict v = words.check("a bad guy here!");
        assertEquals("a ************!", v.text());
        assertEquals(List.of("bad guy", "guy here"), v.rules());
        Verdict chinese = words.check("他做坏人坏事");
        assertEquals("他做****", chinese.text());
        assertEquals(List.of("坏人", "坏人坏事"), chinese.rules());
    }

    @Test
    void blockWinsOverMaskAndStillGivesAMaskedText() {
        SensitiveWords words = list("spam", "机密 block");
        Verdict v = words.check("spam about 机密 plans");
        assertEquals(Action.BLOCKED, v.action());
        assertEquals(List.of("spam", "机密"), v.rules());
        assertEquals("**** about ** plans", v.text());
        assertEquals(Action.BLOCKED, list("same", "same block").check("the same").action(), "duplicate forms: block wins");
    }

    @Test
    void manyWordsAndLongTextsWork() {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            lines.add("词" + Integer.toString(i, 36) + "x" + i);
        }
        SensitiveWords words = list(lines.toArray(String[]::new));
        String word = "词" + Integer.toString(999, 36) + "x999";
        String text = "普通的文字 ".repeat(200) + word + " end";
        Verdict v = words.check(text);
        assertEquals(List.of(word), v.rules());
        assertTrue(v.text().endsWith("******* end"), v.text().substring(v.text().length() - 20));
    }

    @Test
    void anEmptyListOrTextIsClean() {
        assertTrue(SensitiveWords.NONE.check("anything").isClean());
        assertTrue(list("word").check("").isClean());
    }
}
