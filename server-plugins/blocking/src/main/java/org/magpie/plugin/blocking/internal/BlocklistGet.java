package org.magpie.plugin.blocking.internal;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** {@code <blocklist/>} (XEP-0191 §3.2): the asker's blocked addresses; and the feature in disco#info (§2). */
@Component(service = {IqHandler.class, DiscoProvider.class})
@ServesIq(element = "blocklist", namespace = Blocklists.NS, types = IqType.GET)
public final class BlocklistGet implements IqHandler, DiscoProvider {

    private final Blocklists lists;

    @Activate
    public BlocklistGet(@Reference Blocklists lists) {
        this.lists = lists;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        try {
            return iq.resultReply(Element.builder("blocklist", Blocklists.NS)
                    .children(Blocklists.items(lists.of(BlocklistHandlers.owner(iq)))).build());
        } catch (StorageException e) {
            throw lists.texts.text("blocking.storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    @Override
    public Collection<String> features() {
        return List.of(Blocklists.NS);
    }
}
