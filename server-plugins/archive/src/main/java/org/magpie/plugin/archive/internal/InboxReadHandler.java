package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * {@code set <read jid='...'/>} ({@value Inbox#NS}): marks one conversation read (as a XEP-0333
 * displayed marker does) and tells the user's other sessions.
 */
@Component(service = IqHandler.class)
@ServesIq(element = "read", namespace = Inbox.NS, types = IqType.SET)
public final class InboxReadHandler extends InboxRequest {

    @Activate
    public InboxReadHandler(@Reference ArchiveEngine engine) {
        super(engine);
    }

    @Override
    Stanza answer(Stanza iq, Element read, EntityBareJid owner, Session session) throws StanzaException {
        String jid = read.attribute("jid");
        String peer;
        try {
            peer = jid == null ? null : JidCreate.from(jid).asBareJid().toString();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            peer = null;
        }
        if (peer == null) {
            throw engine.context().texts.text("inbox.read.no.jid").exception(Condition.BAD_REQUEST);
        }
        engine.inbox().markRead(owner, peer, session.id());
        return iq.resultReply(null);
    }
}
