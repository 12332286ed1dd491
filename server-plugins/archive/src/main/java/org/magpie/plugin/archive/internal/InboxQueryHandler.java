package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code get <inbox/>} ({@value Inbox#NS}): every conversation with its unread count and last message, latest first. */
@Component(service = IqHandler.class)
@ServesIq(element = "inbox", namespace = Inbox.NS, types = IqType.GET)
public final class InboxQueryHandler extends InboxRequest {

    @Activate
    public InboxQueryHandler(@Reference ArchiveEngine engine) {
        super(engine);
    }

    @Override
    Stanza answer(Stanza iq, Element inbox, EntityBareJid owner, Session session) {
        return iq.resultReply(engine.inbox().inbox(owner));
    }
}
