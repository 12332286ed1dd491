package org.magpie.plugin.auth.internal;

import org.magpie.server.api.StanzaError;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;

/**
 * What a new password must look like. Lengths count characters (code points), so a Chinese
 * character or an emoji counts once; letters and digits are Unicode letters and digits.
 *
 * @param minLength               at least this many characters, 1 or more
 * @param requireLettersAndDigits at least one letter and at least one digit
 */
record PasswordPolicy(int minLength, boolean requireLettersAndDigits) {

    private static final Texts TEXTS = Texts.of(PasswordPolicy.class);

    PasswordPolicy {
        if (minLength < 1) {
            throw new IllegalArgumentException("minimum password length must be at least 1: " + minLength);
        }
    }

    boolean accepts(String password) {
        if (password == null || password.codePointCount(0, password.length()) < minLength) {
            return false;
        }
        if (!requireLettersAndDigits) {
            return true;
        }
        return password.codePoints().anyMatch(Character::isLetter) && password.codePoints().anyMatch(Character::isDigit);
    }

    /** The whole rule, stated the same way whichever part was broken, so the user can fix it at once. */
    LocalizedText rule() {
        return TEXTS.text(requireLettersAndDigits ? "password.rule.letters.digits" : "password.rule", String.valueOf(minLength));
    }

    /** The error for a password this policy refuses. */
    StanzaError violation() {
        LocalizedText rule = rule();
        return TEXTS.text("password.too.weak", rule).error(StanzaError.Condition.NOT_ACCEPTABLE);
    }
}
