package org.magpie.plugin.admin.internal;

import java.util.ArrayList;
import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AdHocCommand;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.forms.DataForm.Field;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** XEP-0133 §4.23 send announcement to online users: a headline from the server to every session. */
@Component(service = AdHocCommand.class)
public final class AnnounceCommand extends AdminCommand {

    private final SessionManager sessions;
    private final ServerInfo server;

    @Activate
    public AnnounceCommand(@Reference SessionManager sessions, @Reference ServerInfo server) {
        super("http://jabber.org/protocol/admin#announce", "announce");
        this.sessions = sessions;
        this.server = server;
    }

    @Override
    DataForm form(String language) {
        return blank(language)
                .with(Field.of("subject", "text-single", label("subject", language)))
                .with(Field.of("announcement", "text-multi", label("announcement", language)).asRequired());
    }

    @Override
    Step run(EntityFullJid requester, String language, DataForm form) throws StanzaException {
        required(form, "announcement");
        String text = String.join("\n", form.field("announcement").map(DataForm.Field::values).orElse(List.of())).strip();
        List<Node> children = new ArrayList<>();
        form.value("subject").ifPresent(s -> children.add(Element.builder("subject", Namespaces.CLIENT).text(s).build()));
        children.add(Element.builder("body", Namespaces.CLIENT).text(text).build());
        int reached = 0;
        for (Session s : sessions.sessions()) {
            if (s.jid().isPresent()) {
                s.send(Stanza.create(Stanza.Kind.MESSAGE, server.domain(), s.jid().get(), MessageType.HEADLINE, Stanza.newId(), children));
                reached++;
            }
        }
        return done(language, String.valueOf(reached));
    }
}
