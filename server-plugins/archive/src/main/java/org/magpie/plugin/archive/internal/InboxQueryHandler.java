package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The inbox ({@value Inbox#NS}): {@code get <inbox/>} returns every conversation with its unread count and last message, latest first. */
@Component(service = IqHandler.class)
@ServesIq(element = "inbox", namespace = Inbox.NS, types = IqType.GET)
public final class InboxQueryHandler implements IqHandler {

    private final ArchiveEngine engine;

    @Activate
    public InboxQueryHandler(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityBareJid owner = session.account().orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED));
        try {
            return iq.resultReply(engine.inbox().inbox(owner));
        } catch (StorageException e) {
            throw engine.context().texts.text("inbox.unavailable").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }
}
