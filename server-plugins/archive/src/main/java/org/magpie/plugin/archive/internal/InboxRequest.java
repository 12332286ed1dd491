package org.magpie.plugin.archive.internal;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;

/** What every inbox ({@value Inbox#NS}) request has in common: the user's own inbox, and a storage failure answered {@code internal-server-error}. */
abstract class InboxRequest implements IqHandler {

    protected final ArchiveEngine engine;

    InboxRequest(ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public final Stanza handle(Stanza iq, Session session) throws StanzaException {
        EntityBareJid owner = session.account().orElseThrow(() -> new StanzaException(Condition.NOT_AUTHORIZED));
        Element payload = iq.payload().orElseThrow();
        try {
            return answer(iq, payload, owner, session);
        } catch (StorageException e) {
            throw engine.context().texts.text("inbox.unavailable").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    /** The answer to a request about the owner's inbox. */
    abstract Stanza answer(Stanza iq, Element payload, EntityBareJid owner, Session session) throws StanzaException;
}
