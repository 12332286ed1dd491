package org.magpie.plugin.filter.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.WordFilter.Action;

class WordListTest {

    @Test
    void readsFormsActionsAndComments() {
        WordList list = WordList.parse(List.of("\uFEFF# the list", "", "  spam  ", "机密 BLOCK", "敏感词|敏感詞 mask",
                "two words block", "...", "a|!!|b"));
        assertEquals(List.of(
                new Rule("spam", List.of("spam"), Action.MASKED),
                new Rule("机密", List.of("机密"), Action.BLOCKED),
                new Rule("敏感词", List.of("敏感词", "敏感詞"), Action.MASKED),
                new Rule("two words", List.of("two words"), Action.BLOCKED),
                new Rule("a", List.of("a", "b"), Action.MASKED)), list.rules());
        assertEquals(List.of(new WordList.Problem(7, "\"...\" has no letters or digits to match"),
                new WordList.Problem(8, "\"!!\" has no letters or digits to match")), list.problems());
    }

    @Test
    void aWordThatIsOnlyAnActionNameIsAWord() {
        assertEquals(List.of(new Rule("block", List.of("block"), Action.MASKED)), WordList.parse(List.of("block")).rules());
    }
}
