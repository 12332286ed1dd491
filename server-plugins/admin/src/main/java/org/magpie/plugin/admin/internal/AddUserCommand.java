package org.magpie.plugin.admin.internal;

import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

/**
 * XEP-0133 §4.1 add a user, with exactly that form's fields (accountjid, password, password-verify,
 * email, given_name, surname) and the nickname Magpie accounts carry as an optional extra: without one
 * the given name and surname, else the account name, are the nickname. Magpie keeps no e-mail
 * address; the field is there so that a client filling in the standard form finds it.
 */
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
                .with(Field.of("email", "text-single", label("email", language)))
                .with(Field.of("given_name", "text-single", label("given_name", language)))
                .with(Field.of("surname", "text-single", label("surname", language)))
                .with(Field.of("nick", "text-single", label("nick", language)));
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        String user = Accounts.username(required(form, "accountjid"), server.domain());
        String password = form.field("password").flatMap(f -> f.values().stream().findFirst()).orElse("");
        String nick = nickname(form, user);
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

    /** The nick field, else "given_name surname" (either alone when only one is given), else the account name. */
    static String nickname(DataForm form, String user) {
        String fullName = Stream.of(form.value("given_name"), form.value("surname"))
                .flatMap(Optional::stream).collect(Collectors.joining(" "));
        return form.value("nick").orElse(fullName.isEmpty() ? user : fullName);
    }
}
