package org.magpie.plugin.admin.internal;

import org.jxmpp.jid.DomainBareJid;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;

/** Turns what an administrator typed ({@code bob} or {@code bob@domain}) into an account name, with clear errors. */
final class Accounts {

    private static final Texts TEXTS = Texts.of(Accounts.class);

    private Accounts() {
    }

    static String username(String typed, DomainBareJid domain) throws StanzaException {
        String s = typed.strip();
        int at = s.indexOf('@');
        if (at >= 0) {
            String host = s.substring(at + 1);
            if (!host.equalsIgnoreCase(domain.toString())) {
                throw TEXTS.text("account.not.local", s).exception(Condition.BAD_REQUEST);
            }
            s = s.substring(0, at);
        }
        return s;
    }

    static final int MIN_PASSWORD = 8;

    /** The same rule as the default registration policy: administrators set no weaker passwords. */
    static void checkPassword(String password) throws StanzaException {
        if (password.length() < MIN_PASSWORD || password.chars().noneMatch(Character::isLetter)
                || password.chars().noneMatch(Character::isDigit)) {
            throw TEXTS.text("password.too.weak", String.valueOf(MIN_PASSWORD)).exception(Condition.NOT_ACCEPTABLE);
        }
    }

    static StanzaException failure(AccountException e, String username) {
        return switch (e.reason()) {
            case CONFLICT -> TEXTS.text("account.exists", username).exception(Condition.CONFLICT);
            case NOT_FOUND -> TEXTS.text("account.not.found", username).exception(Condition.ITEM_NOT_FOUND);
            // the account service's own wording (English)
            case INVALID -> TEXTS.text("account.invalid", e.getMessage()).exception(Condition.NOT_ACCEPTABLE);
            case STORAGE -> TEXTS.text("database.failed").exception(Condition.INTERNAL_SERVER_ERROR);
        };
    }
}
