package org.magpie.plugin.blocking.internal;

import java.util.List;

import org.jxmpp.jid.Jid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code <block/>} (XEP-0191 §3.3): adds addresses; a request without any is {@code bad-request}. */
@Component(service = IqHandler.class)
@ServesIq(element = "block", namespace = Blocklists.NS, types = IqType.SET)
public final class BlockSet implements IqHandler {

    private final Blocklists lists;

    @Activate
    public BlockSet(@Reference Blocklists lists) {
        this.lists = lists;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        List<Jid> jids = BlocklistHandlers.items(lists, iq.payload().orElseThrow());
        if (jids.isEmpty()) {
            throw lists.texts.text("blocking.empty").exception(Condition.BAD_REQUEST);
        }
        lists.block(BlocklistHandlers.owner(iq), jids);
        return iq.resultReply(null);
    }
}
