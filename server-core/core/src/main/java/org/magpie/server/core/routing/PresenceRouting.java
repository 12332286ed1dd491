package org.magpie.server.core.routing;

import java.util.List;

import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.core.session.LocalSession;
import org.magpie.server.core.session.SessionRegistry;

/**
 * A client's own presence (RFC 6121 section 4): an undirected available or unavailable presence is
 * remembered on its session and shown to the account's other available resources; a directed one is
 * delivered. The roster plugin's interceptors have already told the contacts.
 */
final class PresenceRouting {

    private final SessionRegistry sessions;
    private final Delivery delivery;

    PresenceRouting(SessionRegistry sessions, Delivery delivery) {
        this.sessions = sessions;
        this.delivery = delivery;
    }

    void fromClient(LocalSession session, Stanza presence) {
        if (presence.to() != null) {
            delivery.deliver(presence);
            return;
        }
        PresenceType type = presence.presenceType().orElse(null);
        if (type != PresenceType.AVAILABLE && type != PresenceType.UNAVAILABLE) {
            return; // subscription requests and probes need an addressee
        }
        boolean wasAvailable = session.presence().isPresent();
        session.presence(type == PresenceType.AVAILABLE ? presence : null);
        if (type == PresenceType.UNAVAILABLE && !wasAvailable) {
            return;
        }
        for (LocalSession own : sessions.of(session.fullJid().asEntityBareJid())) {
            if (own.presence().isPresent() || own == session) {
                own.send(presence.withTo(own.fullJid()));
            }
        }
    }

    /** A session that ends while available leaves: its account's other available resources are told. */
    void closed(LocalSession session) {
        if (session.presence().isEmpty()) {
            return;
        }
        session.presence(null);
        Stanza unavailable = Stanza.create(Stanza.Kind.PRESENCE, session.fullJid(), null, PresenceType.UNAVAILABLE, null, List.of());
        for (LocalSession own : sessions.of(session.fullJid().asEntityBareJid())) {
            if (own != session && own.presence().isPresent()) {
                own.send(unavailable.withTo(own.fullJid()));
            }
        }
    }
}
