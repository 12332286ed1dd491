package org.magpie.plugin.auth.internal;

import org.magpie.server.api.StanzaError;

/**
 * What a new password must look like. Lengths count characters (code points), so a Chinese
 * character or an emoji counts once; letters and digits are Unicode letters and digits.
 *
 * @param minLength               at least this many characters, 1 or more
 * @param requireLettersAndDigits at least one letter and at least one digit
 */
record PasswordPolicy(int minLength, boolean requireLettersAndDigits) {

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
    Text rule() {
        return requireLettersAndDigits
                ? new Text("use at least " + minLength + " characters with both letters and digits.",
                        "至少 " + minLength + " 个字符，且同时包含字母和数字。")
                : new Text("use at least " + minLength + " characters.", "至少 " + minLength + " 个字符。");
    }

    /** The error for a password this policy refuses. */
    StanzaError violation() {
        Text rule = rule();
        return new Text("Password too weak: " + rule.en(), "密码强度不足：" + rule.zh())
                .error(StanzaError.Condition.NOT_ACCEPTABLE);
    }
}
