package org.magpie.plugin.blocking.internal;

import java.util.List;

import org.jxmpp.jid.Jid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code <unblock/>} (XEP-0191 §3.4, §3.5): removes the named addresses, or all of them when none is named. */
@Component(service = IqHandler.class)
@ServesIq(element = "unblock", namespace = Blocklists.NS, types = IqType.SET)
public final class UnblockSet implements IqHandler {

    private final Blocklists lists;

    @Activate
    public UnblockSet(@Reference Blocklists lists) {
        this.lists = lists;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        List<Jid> jids = BlocklistHandlers.items(lists, iq.payload().orElseThrow());
        if (jids.isEmpty()) {
            lists.unblockAll(BlocklistHandlers.owner(iq));
        } else {
            lists.unblock(BlocklistHandlers.owner(iq), jids);
        }
        return iq.resultReply(null);
    }
}
