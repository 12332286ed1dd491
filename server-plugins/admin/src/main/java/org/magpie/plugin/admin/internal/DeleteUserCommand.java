package org.magpie.plugin.admin.internal;

import java.util.ArrayList;
import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** XEP-0133 §4.2 delete users: their sessions end and plugins forget what they kept for them. */
@Component(service = AdHocCommand.class)
public final class DeleteUserCommand extends AdminCommand {

    private final AccountService accounts;
    private final ServerInfo server;

    @Activate
    public DeleteUserCommand(@Reference AccountService accounts, @Reference ServerInfo server) {
        super("http://jabber.org/protocol/admin#delete-user", "delete.users");
        this.accounts = accounts;
        this.server = server;
    }

    @Override
    DataForm form(String language) {
        return blank(language).with(Field.of("accountjids", "jid-multi", label("accountjids", language)).asRequired());
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        List<String> typed = form.values("accountjids");
        required(form, "accountjids");
        List<String> users = new ArrayList<>();
        for (String t : typed) {
            users.add(Accounts.username(t, server.domain()));
        }
        for (String user : users) {
            try {
                accounts.delete(user);
            } catch (AccountException e) {
                throw Accounts.failure(e, user);
            }
        }
        return done(language, users);
    }
}
