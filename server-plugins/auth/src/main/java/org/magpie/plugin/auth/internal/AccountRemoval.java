package org.magpie.plugin.auth.internal;

import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** XEP-0077 §3.2: a logged-in user removes their own account. */
final class AccountRemoval {

    private static final Logger LOG = LoggerFactory.getLogger(AccountRemoval.class);

    private final AccountService accounts;
    private final AccountRules rules;

    AccountRemoval(AccountService accounts, AccountRules rules) {
        this.accounts = accounts;
        this.rules = rules;
    }

    /**
     * Removes the session's own account. {@link AccountService#delete} ends the account's sessions
     * (with a {@code not-authorized} stream error, as XEP-0077 §3.2 asks), so a reply returned after
     * it would go to a closed stream. The result is therefore sent first, then the account deleted,
     * and null returned (the request is answered). Clients such as Smack wait for that result and
     * would report a failure without it. The price: if the database fails after the result went out,
     * the client was told "removed" while the account stays; that is logged as an error. Everything
     * that can be checked beforehand (the request's shape, the account's existence) is checked first.
     */
    Stanza remove(Stanza iq, String own, Session session) throws StanzaException {
        if (accounts.find(own).isEmpty()) {
            throw rules.noAccount();
        }
        session.send(iq.resultReply(null));
        try {
            accounts.delete(own);
            LOG.info("account {} removed at its owner's request", own);
        } catch (AccountException e) {
            LOG.error("account {} could not be removed after the client was told it was: {}", own, e.getMessage());
        }
        return null;
    }
}
