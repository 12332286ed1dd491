package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * The inbox ({@value ArchiveEngine#INBOX_NS}): {@code get <inbox/>} returns every conversation with
 * its unread count and last message, latest first; {@code set <read jid='...'/>} marks one
 * conversation read (as a XEP-0333 displayed marker does) and tells the user's other sessions.
 */
@Component(service = IqHandler.class, property = IqHandler.NAMESPACE + "=" + ArchiveEngine.INBOX_NS)
public final class InboxHandler implements IqHandler {

    private final ArchiveEngine engine;

    @Activate
    public InboxHandler(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityBareJid owner = session.account().orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED));
        Element payload = iq.payload().orElseThrow();
        try {
            if ("get".equals(iq.type()) && payload.is("inbox", ArchiveEngine.INBOX_NS)) {
                return iq.resultReply(engine.inbox(owner));
            }
            if ("set".equals(iq.type()) && payload.is("read", ArchiveEngine.INBOX_NS)) {
                String jid = payload.attribute("jid");
                String peer;
                try {
                    peer = jid == null ? null : JidCreate.from(jid).asBareJid().toString();
                } catch (XmppStringprepException | IllegalArgumentException e) {
                    peer = null;
                }
                if (peer == null) {
                    throw new StanzaException(new Text("Say which conversation was read: <read jid='user@domain'/>.",
                            "请指明已读的会话：<read jid='用户@域名'/>。").error(Condition.BAD_REQUEST));
                }
                engine.markRead(owner, peer, session.id());
                return iq.resultReply(null);
            }
        } catch (ArchiveStore.StorageException e) {
            throw new StanzaException(new Text("The server could not read your conversations just now. Please try again later.",
                    "服务器暂时无法读取会话列表，请稍后再试。").error(Condition.INTERNAL_SERVER_ERROR));
        }
        throw new StanzaException(new Text("Unknown inbox request: use get <inbox/> or set <read/>.",
                "未知的会话列表请求：请使用 get <inbox/> 或 set <read/>。").error(Condition.BAD_REQUEST));
    }
}
