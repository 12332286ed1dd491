package org.magpie.plugin.admin.internal;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** XEP-0133 §4.1 add a user, with the nickname Magpie accounts carry. */
@Component(service = AdHocCommand.class)
public final class AddUserCommand extends AdminCommand {

    private final AccountService accounts;
    private final ServerInfo server;

    @Activate
    public AddUserCommand(@Reference AccountService accounts, @Reference ServerInfo server) {
        super("http://jabber.org/protocol/admin#add-user", "add.user");
        this.accounts = accounts;
        this.server = server;
    }

    @Override
    DataForm form(String language) {
        return blank(language)
                .with(Field.of("accountjid", "jid-single", label("accountjid", language)).asRequired())
                .with(Field.of("password", "text-private", label("password", language)).asRequired())
                .with(Field.of("password-verify", "text-private", label("password-verify", language)).asRequired())
                .with(Field.of("nick", "text-single", label("nick", language)).asRequired());
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        String user = Accounts.username(required(form, "accountjid"), server.domain());
        String password = form.field("password").flatMap(f -> f.values().stream().findFirst()).orElse("");
        String nick = required(form, "nick");
        if (!password.equals(form.field("password-verify").flatMap(f -> f.values().stream().findFirst()).orElse(""))) {
            throw texts.text("passwords.differ").exception(StanzaError.Condition.NOT_ACCEPTABLE);
        }
        Accounts.checkPassword(password);
        try {
            accounts.create(user, password, nick);
        } catch (AccountException e) {
            throw Accounts.failure(e, user);
        }
        return done(language, user);
    }
}
