package org.magpie.plugin.admin.internal;

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

/** XEP-0133 §4.7 change a user's password (for a user who forgot it). */
@Component(service = AdHocCommand.class)
public final class ChangePasswordCommand extends AdminCommand {

    private final AccountService accounts;
    private final ServerInfo server;

    @Activate
    public ChangePasswordCommand(@Reference AccountService accounts, @Reference ServerInfo server) {
        super("http://jabber.org/protocol/admin#change-user-password", "change.password");
        this.accounts = accounts;
        this.server = server;
    }

    @Override
    DataForm form(String language) {
        return blank(language)
                .with(Field.of("accountjid", "jid-single", label("accountjid", language)).asRequired())
                .with(Field.of("password", "text-private", texts.text("field.new-password").in(language)).asRequired());
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        String user = Accounts.username(required(form, "accountjid"), server.domain());
        String password = form.field("password").flatMap(f -> f.values().stream().findFirst()).orElse("");
        Accounts.checkPassword(password);
        try {
            accounts.changePassword(user, password);
        } catch (AccountException e) {
            throw Accounts.failure(e, user);
        }
        return done(language, user);
    }
}
