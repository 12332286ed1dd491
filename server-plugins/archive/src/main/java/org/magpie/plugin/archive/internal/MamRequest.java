package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;

/**
 * What every XEP-0313 request has in common: it concerns the requester's own archive. Requests to
 * other accounts are served too, but only to refuse them: nobody reads another's archive. A storage
 * failure is answered {@code internal-server-error}.
 */
abstract class MamRequest implements IqHandler {

    protected final ArchiveEngine engine;

    MamRequest(ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public final Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityFullJid requester = session.jid().orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED));
        Jid to = iq.to();
        if (to != null && !to.equals(requester.asEntityBareJid())) {
            if (to.equals(engine.context().domain)) {
                throw engine.context().texts.text("mam.server").exception(Condition.ITEM_NOT_FOUND);
            }
            throw engine.context().texts.text("mam.forbidden", to.toString()).exception(Condition.FORBIDDEN);
        }
        Element payload = iq.payload().orElseThrow();
        try {
            return answer(iq, payload, requester, session);
        } catch (StorageException | IllegalArgumentException e) {
            throw engine.context().texts.text("mam.unavailable").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    /** The answer to a request about the requester's own archive. */
    abstract Stanza answer(Stanza iq, Element payload, EntityFullJid requester, Session session) throws StanzaException;
}
