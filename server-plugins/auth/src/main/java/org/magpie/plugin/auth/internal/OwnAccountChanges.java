package org.magpie.plugin.auth.internal;

import java.util.Optional;

import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * XEP-0077 §3.3 for a logged-in user: a new password (with the current one, in the change form) or
 * nickname for the own account; a {@code <remove/>} goes to {@link AccountRemoval}.
 */
final class OwnAccountChanges {

    private static final Logger LOG = LoggerFactory.getLogger(OwnAccountChanges.class);
    private static final String NS = Namespaces.REGISTER;

    private final Texts texts = Texts.of(OwnAccountChanges.class);
    private final AccountService accounts;
    private final AccountRules rules;
    private final RegistrationForms forms;
    private final AccountRemoval removal;
    /** The core's sessions: a password change ends the account's other sessions. */
    private final SessionManager sessions;

    OwnAccountChanges(AccountService accounts, AccountRules rules, RegistrationForms forms,
            SessionManager sessions) {
        this.accounts = accounts;
        this.rules = rules;
        this.forms = forms;
        this.removal = new AccountRemoval(accounts, rules);
        this.sessions = sessions;
    }

    /** A set from a logged-in user; null when the answer was sent already. */
    Stanza change(Stanza iq, Element query, String own, Session session, RegistrationSettings current, String language)
            throws StanzaException {
        if (query.child("remove", NS).isPresent()) {
            if (query.elements().size() != 1) {
                throw texts.text("remove.alone").exception(Condition.BAD_REQUEST);
            }
            return removal.remove(iq, own, session);
        }
        Optional<String> username = query.childText("username").map(String::strip).filter(u -> !u.isEmpty());
        if (username.isPresent() && !own.equals(rules.normalizeOrNull(username.get()))) {
            // XEP-0077 has no case for acting on another account; the request is well-formed but not permitted
            throw texts.text("not.your.account").exception(Condition.NOT_ALLOWED);
        }
        // XEP-0077 §3.3: an empty <password/> keeps the existing password
        Optional<DataForm> form = query.child("x", Namespaces.DATA_FORMS).map(DataForm::parse);
        String password = form.map(f -> RegistrationForms.typed(f, "password").orElse(""))
                .orElseGet(() -> query.childText("password").orElse(""));
        String nick = query.childText("nick").map(String::strip).orElse("");
        if (password.isEmpty() && nick.isEmpty()) {
            throw texts.text("nothing.to.change").exception(Condition.BAD_REQUEST);
        }
        // check everything before changing anything, so a refused nickname leaves the password alone
        if (!password.isEmpty() && !current.policy().accepts(password)) {
            throw new StanzaException(current.policy().violation());
        }
        if (!nick.isEmpty()) {
            rules.checkNickname(nick);
        }
        if (!password.isEmpty()) {
            // whoever holds an unlocked laptop must not be able to take the account over (XEP-0077 §3.3's form)
            String old = form.flatMap(f -> RegistrationForms.typed(f, "old_password")).orElse("");
            if (old.isEmpty()) {
                return RegistrationHandler.errorReply(iq, forms.oldPasswordNeeded().error(Condition.NOT_AUTHORIZED),
                        forms.changePasswordForm(own, language));
            }
            if (!accounts.checkPassword(own, old)) {
                LOG.warn("password change of {} refused: wrong current password (from {})", own, session.remoteAddress());
                throw texts.text("old.password.wrong").exception(Condition.NOT_AUTHORIZED);
            }
        }
        try {
            if (!password.isEmpty()) {
                accounts.changePassword(own, password);
            }
            if (!nick.isEmpty()) {
                accounts.changeNickname(own, nick);
            }
        } catch (AccountException e) {
            throw rules.failure(e, own);
        }
        if (!password.isEmpty()) {
            // the answer first, then the account's other sessions end: they logged in with the old password
            session.send(iq.resultReply(null));
            int ended = endOtherSessions(session);
            LOG.info("password of {} changed; {} other session(s) ended", own, ended);
            return null;
        }
        return iq.resultReply(null);
    }

    /** Ends the account's sessions but this one. */
    private int endOtherSessions(Session session) {
        return sessions.terminateOthers(session, StreamErrorCondition.NOT_AUTHORIZED, texts.text("password.changed").english());
    }
}
