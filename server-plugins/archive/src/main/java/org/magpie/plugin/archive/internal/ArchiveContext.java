package org.magpie.plugin.archive.internal;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Account;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.text.Texts;

/**
 * What the archive's parts ({@link MessageArchiver}, {@link OfflineMessages}, {@link MamQueries},
 * {@link Inbox}, {@link ArchiveDeletions}) share: the store, the id source, the accounts, the texts,
 * the settings in effect and the core's session manager (fetched at first use).
 */
final class ArchiveContext {

    final ArchiveStore store;
    final Ids ids;
    final AccountService accounts;
    final DomainBareJid domain;
    final Texts texts = Texts.of(ArchiveContext.class);

    private final Supplier<SessionManager> sessionManager;
    private volatile SessionManager sessions;
    private volatile ArchiveSettings settings;

    ArchiveContext(ArchiveStore store, Ids ids, Supplier<SessionManager> sessions, AccountService accounts,
            DomainBareJid domain, ArchiveSettings settings) {
        this.store = store;
        this.ids = ids;
        this.sessionManager = sessions;
        this.accounts = accounts;
        this.domain = domain;
        this.settings = settings;
    }

    SessionManager sessions() {
        SessionManager s = sessions;
        if (s == null) {
            s = Objects.requireNonNull(sessionManager.get(), "the core's session manager");
            sessions = s;
        }
        return s;
    }

    ArchiveSettings settings() {
        return settings;
    }

    void settings(ArchiveSettings newSettings) {
        settings = newSettings;
    }

    /** A local account's bare JID. */
    EntityBareJid local(String username) {
        try {
            return JidCreate.entityBareFrom(username + "@" + domain);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The nickname of a local account, given as a bare JID string. */
    Optional<String> nickname(String bareJid) {
        int at = bareJid.indexOf('@');
        if (at < 0 || !bareJid.substring(at + 1).equals(domain.toString())) {
            return Optional.empty();
        }
        return accounts.find(bareJid.substring(0, at)).map(Account::nickname);
    }
}
