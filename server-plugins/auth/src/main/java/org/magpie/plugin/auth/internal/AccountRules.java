package org.magpie.plugin.auth.internal;

import java.util.function.Supplier;

import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.text.Texts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks a registration and an account change share (account name, nickname) and the answer to
 * a refusal of the account service.
 */
final class AccountRules {

    /** The core keeps nicknames of up to 64 characters; checked here too for a bilingual answer. */
    static final int MAX_NICKNAME = 64;

    private static final Logger LOG = LoggerFactory.getLogger(AccountRules.class);

    private final Texts texts = Texts.of(AccountRules.class);
    private final AccountService accounts;
    /** The sensitive-word list while the filter plugin runs, else null. */
    private final Supplier<WordFilter> words;

    AccountRules(AccountService accounts, Supplier<WordFilter> words) {
        this.accounts = accounts;
        this.words = words;
    }

    /** The account name in normal form; jid-malformed when it cannot be one. */
    String normalize(String username) throws StanzaException {
        try {
            return accounts.normalize(username);
        } catch (AccountException e) {
            throw texts.text("username.invalid").exception(Condition.JID_MALFORMED);
        }
    }

    String normalizeOrNull(String username) {
        try {
            return accounts.normalize(username);
        } catch (AccountException e) {
            return null;
        }
    }

    void checkNickname(String nick) throws StanzaException {
        if (nick.codePointCount(0, nick.length()) > MAX_NICKNAME) {
            throw texts.text("nickname.too.long", String.valueOf(MAX_NICKNAME)).exception(Condition.NOT_ACCEPTABLE);
        }
        WordFilter filter = words.get();
        WordFilter.Verdict verdict = filter == null ? null : filter.check(nick);
        if (verdict != null && !verdict.isClean()) {
            throw texts.text("nickname.listed.words", verdict.rules()).exception(Condition.NOT_ACCEPTABLE);
        }
    }

    /** The answer to the account service's refusal. */
    StanzaException failure(AccountException e, String username) {
        return switch (e.reason()) {
            case CONFLICT -> texts.text("name.taken").exception(Condition.CONFLICT);
            case NOT_FOUND -> noAccount();
            // the account service's own wording (English, never containing the password)
            case INVALID -> texts.text("account.invalid", e.getMessage()).exception(Condition.NOT_ACCEPTABLE);
            case STORAGE -> {
                LOG.warn("account {}: {}", username, e.getMessage());
                yield texts.text("storage.failed").exception(Condition.INTERNAL_SERVER_ERROR);
            }
        };
    }

    StanzaException noAccount() {
        return texts.text("no.account").exception(Condition.REGISTRATION_REQUIRED);
    }
}
