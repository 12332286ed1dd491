package org.magpie.server.api.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.MissingResourceException;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;

class TextsTest {

    private final Texts texts = Texts.of(TextsTest.class);

    @Test
    void everyLanguageFromItsBundleWithTheArgumentsPutIn() {
        LocalizedText hello = texts.text("hello", "Ann");
        assertEquals(Map.of("en", "Hello, Ann!", "zh", "Ann，你好！"), hello.byLanguage());
        assertEquals("It's 10001.", texts.text("quoted", "10001").english(), "MessageFormat always: '' is one apostrophe");
    }

    @Test
    void aKeyMissingInChineseFallsBackToEnglishAndOneMissingInEnglishFailsAtOnce() {
        assertEquals("Only in English.", texts.text("only.english").in("zh"));
        assertThrows(MissingResourceException.class, () -> texts.text("no.such.key"));
        assertTrue(texts.has("hello"));
        assertFalse(texts.has("no.such.key"));
    }

    @Test
    void listsAndNestedTextsArePutInPerLanguage() {
        LocalizedText words = texts.text("words", List.of("spam", "scam"));
        assertEquals("Refused words: spam, scam.", words.english());
        assertEquals("不允许的词语：spam、scam。", words.in("zh"));
        LocalizedText nested = texts.text("nested", texts.text("hello", "Bo"));
        assertEquals("Error: Hello, Bo!", nested.english());
        assertEquals("错误：Bo，你好！", nested.in("zh-CN"));
    }

    @Test
    void aReaderGetsTheirLanguageByTagThenPrimaryLanguageThenFallbackThenEnglish() {
        LocalizedText hello = texts.text("hello", "Cy");
        assertEquals("Cy，你好！", hello.in("zh-Hans-CN"));
        assertEquals("Hello, Cy!", hello.in("fr"));
        assertEquals("Cy，你好！", hello.in("fr", "zh"));
        assertEquals("Hello, Cy!", hello.in(null));
    }

    @Test
    void anErrorCarriesEveryLanguage() {
        StanzaError error = texts.text("hello", "Di").error(Condition.NOT_ACCEPTABLE);
        assertEquals(Map.of("en", "Hello, Di!", "zh", "Di，你好！"), error.texts());
        assertEquals(Condition.NOT_ACCEPTABLE, texts.text("hello", "Di").exception(Condition.NOT_ACCEPTABLE).error().condition());
    }
}
