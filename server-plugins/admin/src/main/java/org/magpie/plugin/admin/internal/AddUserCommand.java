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
        super("http://jabber.org/protocol/admin#add-user", "Add a user", "添加用户");
        this.accounts = accounts;
        this.server = server;
    }

    @Override
    DataForm form(String language) {
        return blank(language, "The new account, its password and nickname.", "新账号、密码和昵称。")
                .with(Field.of("accountjid", "jid-single", Texts.pick(language, "Account", "账号")).asRequired())
                .with(Field.of("password", "text-private", Texts.pick(language, "Password", "密码")).asRequired())
                .with(Field.of("password-verify", "text-private", Texts.pick(language, "Password again", "确认密码")).asRequired())
                .with(Field.of("nick", "text-single", Texts.pick(language, "Nickname", "昵称")).asRequired());
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        String user = Accounts.username(required(form, "accountjid", language, "account", "账号"), server.domain());
        String password = form.field("password").flatMap(f -> f.values().stream().findFirst()).orElse("");
        String nick = required(form, "nick", language, "nickname", "昵称");
        if (!password.equals(form.field("password-verify").flatMap(f -> f.values().stream().findFirst()).orElse(""))) {
            throw new StanzaException(StanzaError.of(StanzaError.Condition.NOT_ACCEPTABLE,
                    "The two passwords differ.", "两次输入的密码不一致。"));
        }
        Accounts.checkPassword(password);
        try {
            accounts.create(user, password, nick);
        } catch (AccountException e) {
            throw Accounts.failure(e, user);
        }
        return done(language, "The account " + user + " was created.", "账号 " + user + " 已创建。");
    }
}
