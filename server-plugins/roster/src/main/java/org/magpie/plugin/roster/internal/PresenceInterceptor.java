package org.magpie.plugin.roster.internal;

import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.Intercepts;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.storage.StorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence a client sends, after the server stamped its {@code from}: broadcasts and directed presence
 * go to {@link PresenceBroadcast}, subscription requests and answers to {@link Subscriptions}, probes
 * are answered. In the handle phase, so that filters run before the roster routes.
 */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = Stanza.Kind.PRESENCE, phase = StanzaInterceptor.Phase.HANDLE)
public final class PresenceInterceptor implements StanzaInterceptor {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceInterceptor.class);

    private final RosterEngine engine;

    @Activate
    public PresenceInterceptor(@Reference RosterEngine engine) {
        this.engine = engine;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        Optional<EntityFullJid> jid = sender.jid();
        if (!stanza.isPresence() || jid.isEmpty()) {
            return Verdict.pass(stanza);
        }
        try {
            return outbound(stanza, sender.id(), jid.get());
        } catch (StorageException e) {
            LOG.error("presence of {} not handled: {}", jid.get(), e.getMessage(), e);
            return Verdict.reject(engine.context().texts.text("storage").error(Condition.INTERNAL_SERVER_ERROR));
        }
    }

    private Verdict outbound(Stanza presence, String sessionId, EntityFullJid full) {
        Optional<PresenceType> type = presence.presenceType();
        if (type.isEmpty()) {
            return Verdict.pass(presence);
        }
        PresenceBroadcast broadcast = engine.presence();
        Jid to = presence.to();
        if (to == null) {
            switch (type.get()) {
                case AVAILABLE -> broadcast.available(presence, sessionId, full);
                case UNAVAILABLE -> broadcast.unavailable(presence, sessionId);
                default -> {
                }
            }
            return Verdict.pass(presence);
        }
        EntityBareJid self = full.asEntityBareJid();
        return switch (type.get()) {
            case AVAILABLE, UNAVAILABLE -> {
                broadcast.directed(sessionId, self, to, type.get() == PresenceType.AVAILABLE);
                yield Verdict.pass(presence);
            }
            case SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED -> engine.subscriptions().outbound(presence, type.get(), self, to);
            case PROBE -> {
                broadcast.probe(full, to);
                yield Verdict.drop();
            }
            case ERROR -> Verdict.pass(presence);
        };
    }
}
