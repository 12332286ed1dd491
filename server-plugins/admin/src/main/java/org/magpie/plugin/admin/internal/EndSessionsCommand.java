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

    /** The session manager is taken per run: the core binds plugin services while it activates. */
    @Activate
    public EndSessionsCommand(@Reference SessionManager sessions, @Reference ServerInfo server) {
        super("http://jabber.org/protocol/admin#end-user-session", "End user sessions", "结束用户会话");
        this.sessions = sessions;
        this.server = server;
    }

    @Override
    DataForm form(String language) {
        return blank(language, "The accounts to log out, one a line.", "要下线的账号，每行一个。")
                .with(Field.of("accountjids", "jid-multi", Texts.pick(language, "Accounts", "账号")).asRequired());
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        required(form, "accountjids", language, "accounts", "账号");
        List<String> users = new ArrayList<>();
        for (String t : form.values("accountjids")) {
            users.add(Accounts.username(t, server.domain()));
        }
        SessionManager manager = sessions;
        int ended = 0;
        for (String user : users) {
            ended += manager.terminate(JidCreate.entityBareFromOrThrowUnchecked(user + "@" + server.domain()),
                    StreamErrorCondition.POLICY_VIOLATION, "An administrator ended this session.");
        }
        return done(language, ended + " sessions ended.", "已结束 " + ended + " 个会话。");
    }
}
