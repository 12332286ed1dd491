package org.magpie.plugin.rooms.internal;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;

/** The users a group can name (to invite, to make members or ban): accounts of this server only. */
final class LocalAccounts {

    private final AccountService accounts;
    private final DomainBareJid domain;
    private final Texts texts;

    LocalAccounts(AccountService accounts, DomainBareJid domain, Texts texts) {
        this.accounts = accounts;
        this.domain = domain;
        this.texts = texts;
    }

    /** The account of a bare JID as a client wrote it; item-not-found when there is none. */
    EntityBareJid existing(String jid) throws StanzaException {
        EntityBareJid user;
        try {
            user = jid == null ? null : JidCreate.entityBareFrom(jid);
        } catch (XmppStringprepException e) {
            user = null;
        }
        if (user == null || !user.getDomain().equals(domain) || !accounts.exists(user.getLocalpart().toString())) {
            throw texts.text("account.not.found", String.valueOf(jid)).exception(Condition.ITEM_NOT_FOUND);
        }
        return user;
    }
}
