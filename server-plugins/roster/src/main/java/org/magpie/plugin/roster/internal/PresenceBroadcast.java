package org.magpie.plugin.roster.internal;

import static org.magpie.plugin.roster.internal.RosterContext.bareJid;
import static org.magpie.plugin.roster.internal.RosterContext.presence;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.Delay;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.magpie.server.api.storage.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence broadcast (RFC 6121 §4): available and unavailable presence to the subscribers, the
 * contacts' presence (the answer to the login's probes) and the unanswered friend requests at a
 * login, directed presence and its unavailable at the end, and the probes clients send themselves.
 */
final class PresenceBroadcast {

    private static final Logger LOG = LoggerFactory.getLogger(PresenceBroadcast.class);

    private final RosterContext context;
    private final RosterStore store;
    /** Addressees of directed available presence, by session id (RFC 6121 §4.6). */
    private final Map<String, Set<Jid>> directed = new ConcurrentHashMap<>();

    PresenceBroadcast(RosterContext context) {
        this.context = context;
        this.store = context.store;
    }

    /** Broadcast available presence; the first one of a session also collects the contacts' presence and the requests. */
    void available(Stanza presence, String sessionId, EntityFullJid full) {
        boolean initial = context.available.put(sessionId, full) == null;
        EntityBareJid self = full.asEntityBareJid();
        List<RosterItem> items = store.items(self.toString());
        for (RosterItem item : items) {
            if (item.subscription().hasFrom()) {
                bareJid(item.contact()).ifPresent(c -> context.route(presence.withTo(c)));
            }
        }
        if (!initial) {
            return;
        }
        // the probes of RFC 6121 §4.2.2, answered here from the contacts' current presence
        for (RosterItem item : items) {
            if (item.subscription().hasTo()) {
                bareJid(item.contact()).ifPresent(c -> {
                    for (Stanza p : context.currentPresence(c)) {
                        context.route(p.withTo(full));
                    }
                });
            }
        }
        // friend requests not answered yet: again at every login until answered
        for (RosterStore.Request r : store.requests(self.toString())) {
            bareJid(r.requester()).ifPresent(requester -> context.route(
                    presence(requester, full, PresenceType.SUBSCRIBE, Stanza.newId(), requestChildren(r, requester))));
        }
    }

    private List<Node> requestChildren(RosterStore.Request r, EntityBareJid requester) {
        List<Node> children = new ArrayList<>();
        if (r.status() != null) {
            children.add(Element.builder("status", Namespaces.CLIENT).text(r.status()).build());
        }
        String nick = context.accountNickname(requester).orElse(r.nickname());
        if (nick != null) {
            children.add(Element.builder("nick", Subscriptions.NICK_NS).text(nick).build());
        }
        children.add(Delay.of(context.domain, r.created()));
        return children;
    }

    /** Broadcast unavailable presence the client sent. */
    void unavailable(Stanza presence, String sessionId) {
        EntityFullJid full = context.available.remove(sessionId);
        Set<Jid> targets = directed.remove(sessionId);
        if (full == null) {
            return; // was not available: the core ignores it too
        }
        broadcastUnavailable(presence, full, targets);
    }

    /** The session ended without unavailable presence (logout, kicked, broken connection, account removed). */
    void wentOffline(String sessionId) {
        EntityFullJid full = context.available.remove(sessionId);
        Set<Jid> targets = directed.remove(sessionId);
        if (full == null) {
            return;
        }
        try {
            broadcastUnavailable(presence(full, null, PresenceType.UNAVAILABLE, null, List.of()), full, targets);
        } catch (StorageException e) {
            LOG.error("unavailable presence of {} not sent: {}", full, e.getMessage(), e);
        }
    }

    private void broadcastUnavailable(Stanza unavailable, EntityFullJid full, Set<Jid> directedTo) {
        Set<Jid> sent = new LinkedHashSet<>();
        for (RosterItem item : store.items(full.asEntityBareJid().toString())) {
            if (item.subscription().hasFrom()) {
                bareJid(item.contact()).ifPresent(c -> {
                    sent.add(c);
                    context.route(unavailable.withTo(c));
                });
            }
        }
        if (directedTo != null) {
            for (Jid target : directedTo) {
                if (!sent.contains(target)) {
                    context.route(unavailable.withTo(target));
                }
            }
        }
    }

    /** Directed presence (RFC 6121 §4.6): remembered while available, so its addressee hears of the end. */
    void directed(String sessionId, EntityBareJid self, Jid to, boolean availableNow) {
        if (to.asBareJid().equals(self) || !to.hasLocalpart() || !context.isLocal(to)) {
            return;
        }
        if (availableNow) {
            directed.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(to);
        } else {
            directed.computeIfPresent(sessionId, (k, set) -> {
                set.remove(to);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** RFC 6121 §4.3: a client's own probe, answered only for contacts it is subscribed to. */
    void probe(EntityFullJid prober, Jid to) {
        if (!to.hasLocalpart() || !context.isLocal(to)) {
            return;
        }
        EntityBareJid contact = to.asEntityBareJidIfPossible();
        EntityBareJid self = prober.asEntityBareJid();
        boolean allowed = contact.equals(self)
                || store.item(self.toString(), contact.toString()).map(i -> i.subscription().hasTo()).orElse(false);
        if (!allowed) {
            return;
        }
        List<Stanza> current = context.currentPresence(contact);
        if (current.isEmpty()) {
            context.route(presence(contact, prober, PresenceType.UNAVAILABLE, null, List.of()));
        }
        for (Stanza p : current) {
            context.route(p.withTo(prober));
        }
    }

    /** The presence of each available resource of {@code from}, to a new subscriber. */
    void sendCurrentPresence(EntityBareJid from, EntityBareJid to) {
        for (Stanza p : context.currentPresence(from)) {
            context.route(p.withTo(to));
        }
    }

    /** Unavailable from each available resource of {@code from}, to a subscriber who is one no more. */
    void sendUnavailable(EntityBareJid from, EntityBareJid to) {
        for (Stanza p : context.currentPresence(from)) {
            context.route(presence(p.from(), to, PresenceType.UNAVAILABLE, null, List.of()));
        }
    }

    /** The ids of the account's sessions this plugin counts as available. */
    List<String> availableSessions(EntityBareJid account) {
        List<String> ids = new ArrayList<>();
        for (Map.Entry<String, EntityFullJid> a : List.copyOf(context.available.entrySet())) {
            if (a.getValue().asEntityBareJid().equals(account)) {
                ids.add(a.getKey());
            }
        }
        return ids;
    }

}
