package org.magpie.plugin.auth.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.StanzaError;

class PasswordPolicyTest {

    private final PasswordPolicy standard = new PasswordPolicy(8, true);

    @Test
    void acceptsLongEnoughWithLettersAndDigits() {
        assertTrue(standard.accepts("abcd1234"));
        assertTrue(standard.accepts("1234567a"));
        assertTrue(standard.accepts("correct horse 7"));
    }

    @Test
    void refusesTooShortOrMissingAKind() {
        assertFalse(standard.accepts("abc1234"), "7 characters");
        assertFalse(standard.accepts("abcdefgh"), "no digit");
        assertFalse(standard.accepts("12345678"), "no letter");
        assertFalse(standard.accepts("!!!!????"), "neither");
        assertFalse(standard.accepts(""));
        assertFalse(standard.accepts(null));
    }

    @Test
    void countsCharactersNotCodeUnitsAndKnowsUnicodeLetters() {
        assertTrue(standard.accepts("喜鹊喜鹊喜鹊12"), "Chinese characters are letters; 8 characters");
        assertFalse(standard.accepts("喜鹊喜鹊喜鹊1"), "7 characters");
        String emoji = "\uD83D\uDE00"; // one character, two UTF-16 units
        assertFalse(standard.accepts(emoji.repeat(5) + "a1"), "7 characters although 12 UTF-16 units");
        assertTrue(standard.accepts(emoji.repeat(6) + "a1"));
    }

    @Test
    void lengthOnlyWhenLettersAndDigitsAreNotRequired() {
        PasswordPolicy lenient = new PasswordPolicy(6, false);
        assertTrue(lenient.accepts("abcdef"));
        assertTrue(lenient.accepts("123456"));
        assertFalse(lenient.accepts("abcde"));
    }

    @Test
    void violationStatesTheWholeRuleInEnglishAndChinese() {
        StanzaError e = standard.violation();
        assertEquals(StanzaError.Condition.NOT_ACCEPTABLE, e.condition());
        assertEquals(StanzaError.Type.MODIFY, e.type());
        assertEquals(Map.of(
                "en", "Password too weak: use at least 8 characters with both letters and digits.",
                "zh", "密码强度不足：至少 8 个字符，且同时包含字母和数字。"), e.texts());

        assertEquals(Map.of(
                "en", "Password too weak: use at least 12 characters.",
                "zh", "密码强度不足：至少 12 个字符。"), new PasswordPolicy(12, false).violation().texts());
    }

    @Test
    void minimumLengthMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordPolicy(0, true));
    }
}
