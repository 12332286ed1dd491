package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * XEP-0313 queries of a user's own archive: {@code get} answers the query form, {@code set} a page of
 * results (result messages, then the IQ result with {@code <fin/>}).
 */
@Component(service = IqHandler.class)
@ServesIq(element = "query", namespace = Namespaces.MAM, types = {IqType.GET, IqType.SET}, accountAddressed = true)
public final class MamQueryHandler extends MamRequest {

    @Activate
    public MamQueryHandler(@Reference ArchiveEngine engine) {
        super(engine);
    }

    @Override
    Stanza answer(Stanza iq, Element query, EntityFullJid requester, Session session) throws StanzaException {
        if (iq.is(IqType.GET)) {
            return iq.resultReply(MamQueries.form());
        }
        EntityBareJid owner = requester.asEntityBareJid();
        MamQueries queries = engine.queries();
        MamQueries.Query q = queries.parse(query);
        String conversation = q.with() == null ? null : ArchiveStore.pair(owner.toString(), q.with());
        MamQueries.Page page = queries.page(owner.toString(), conversation, q);
        String queryId = query.attribute("queryid");
        for (HistoryStore.Stored item : page.items()) {
            queries.result(item, owner, requester, queryId).ifPresent(session::send);
        }
        return iq.resultReply(MamQueries.fin(page));
    }
}
