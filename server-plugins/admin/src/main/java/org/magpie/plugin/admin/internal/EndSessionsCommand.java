package org.magpie.plugin.admin.internal;

import java.util.ArrayList;
import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** XEP-0133 §4.4 end user sessions: the users are logged out and may log in again. */
@Component(service = AdHocCommand.class)
public final class EndSessionsCommand extends AdminCommand {

    private final SessionManager sessions;
    private final ServerInfo server;

    @Activate
    public EndSessionsCommand(@Reference SessionManager sessions, @Reference ServerInfo server) {
        super("http://jabber.org/protocol/admin#end-user-session", "end.sessions");
        this.sessions = sessions;
        this.server = server;
    }

    @Override
    DataForm form(String language) {
        return blank(language).with(Field.of("accountjids", "jid-multi", label("accountjids", language)).asRequired());
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        required(form, "accountjids");
        List<String> users = new ArrayList<>();
        for (String t : form.values("accountjids")) {
            users.add(Accounts.username(t, server.domain()));
        }
        int ended = 0;
        for (String user : users) {
            ended += sessions.terminate(JidCreate.entityBareFromOrThrowUnchecked(user + "@" + server.domain()),
                    StreamErrorCondition.POLICY_VIOLATION, texts.text("end.sessions.reason").english());
        }
        return done(language, String.valueOf(ended));
    }
}
