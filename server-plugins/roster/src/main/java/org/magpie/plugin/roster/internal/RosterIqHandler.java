package org.magpie.plugin.roster.internal;

import org.jxmpp.jid.Jid;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Roster get, set and remove (RFC 6121 §2), for the requesting user's own roster only. */
@Component(service = IqHandler.class)
@ServesIq(element = "query", namespace = Namespaces.ROSTER)
public final class RosterIqHandler implements IqHandler {

    private static final Logger LOG = LoggerFactory.getLogger(RosterIqHandler.class);

    private final RosterEngine engine;

    @Activate
    public RosterIqHandler(@Reference RosterEngine engine) {
        this.engine = engine;
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        if (session.account().isEmpty()) {
            throw new StanzaException(Condition.NOT_AUTHORIZED);
        }
        Jid to = iq.to();
        if (to != null && to.hasLocalpart() && !to.equals(session.account().get())) {
            // RFC 6121 §2.1.5: only one's own roster
            throw engine.context().texts.text("roster.only.own").exception(Condition.FORBIDDEN);
        }
        Element query = iq.payload().filter(p -> p.is("query", Namespaces.ROSTER))
                .orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        try {
            return switch (iq.iqType().orElse(IqType.ERROR)) {
                case GET -> engine.rosters().get(iq, query, session);
                case SET -> engine.rosters().set(iq, query, session);
                default -> throw new StanzaException(Condition.BAD_REQUEST);
            };
        } catch (StorageException e) {
            LOG.error("roster request of {} failed: {}", session.account().get(), e.getMessage(), e);
            throw engine.context().texts.text("storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }
}
