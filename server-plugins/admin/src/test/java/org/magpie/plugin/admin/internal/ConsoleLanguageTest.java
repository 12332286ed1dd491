package org.magpie.plugin.admin.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsoleLanguageTest {

    @Test
    void anyChineseBrowserGetsChineseAndEveryOtherEnglish() {
        assertEquals("zh", ConsoleLanguage.of(null, "zh-CN,zh;q=0.9,en;q=0.8"));
        assertEquals("zh", ConsoleLanguage.of(null, "zh-TW"));
        assertEquals("zh", ConsoleLanguage.of(null, "fr-FR, zh-Hans;q=0.7, en;q=0.5"), "Chinese is weighted above English");
        assertEquals("en", ConsoleLanguage.of(null, "en-US,en;q=0.9,zh-CN;q=0.8"));
        assertEquals("en", ConsoleLanguage.of(null, "de-DE"));
        assertEquals("en", ConsoleLanguage.of(null, "*"));
        assertEquals("en", ConsoleLanguage.of(null, null));
        assertEquals("en", ConsoleLanguage.of(null, "zh;q=nonsense"), "a malformed header");
    }

    @Test
    void thePagesOwnSwitchWinsOverTheBrowser() {
        assertEquals("en", ConsoleLanguage.of("en", "zh-CN"));
        assertEquals("zh", ConsoleLanguage.of("zh", "en-US"));
        assertEquals("zh", ConsoleLanguage.of("klingon", "zh-CN"), "an unknown choice is ignored");
    }

    @Test
    void htmlTagsAndTheOtherLanguage() {
        assertEquals("zh-CN", ConsoleLanguage.htmlTag("zh"));
        assertEquals("en", ConsoleLanguage.htmlTag("en"));
        assertEquals("zh", ConsoleLanguage.other("en"));
        assertEquals("en", ConsoleLanguage.other("zh"));
    }
}
