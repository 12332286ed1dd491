package org.magpie.plugin.archive.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Delay;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.magpie.server.xml.StanzaText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Offline messages (XEP-0160): a message for an offline account waits in the store and is handed over,
 * with a XEP-0203 delay, at the account's next available presence: first written to the connection,
 * then deleted (what was not written waits for the next login), so a server killed in between hands it
 * over twice rather than never. What the client then never confirmed reading (its connection died)
 * comes back through {@link #undelivered} and waits again.
 *
 * <p>Whether the addressee is online and its offline messages are taken out one account at a time
 * (striped {@link #lock locks}), so a message cannot slip into the offline store while the addressee
 * is collecting it and then wait there until the next login: a session that has collected its
 * messages counts as online ({@link #collected}) even before the core has recorded its presence.
 */
final class OfflineMessages {

    private static final Logger LOG = LoggerFactory.getLogger(OfflineMessages.class);

    private final ArchiveContext context;
    private final OfflineStore store;
    private final Object[] locks = new Object[64];
    /** Sessions that have collected their offline messages and are available with priority >= 0. */
    private final Map<String, EntityFullJid> available = new ConcurrentHashMap<>();

    OfflineMessages(ArchiveContext context) {
        this.context = context;
        this.store = context.store.offline();
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Held while deciding whether the account is online and while its offline messages are taken out. */
    Object lock(EntityBareJid account) {
        return locks[Math.floorMod(account.hashCode(), locks.length)];
    }

    /** Whether the session has collected its offline messages (and is available with priority >= 0). */
    boolean collected(Session session) {
        return available.containsKey(session.id());
    }

    /** A presence a client sent, before the core records it: an available one collects waiting messages. */
    Verdict presence(Stanza presence, Session sender) {
        if (presence.to() != null || sender.jid().isEmpty()) {
            return Verdict.pass(presence);
        }
        EntityFullJid full = sender.jid().get();
        PresenceType type = presence.presenceType().orElse(null);
        if (type == PresenceType.UNAVAILABLE) {
            available.remove(sender.id());
        } else if (type == PresenceType.AVAILABLE) {
            if (priority(presence) < 0) {
                available.remove(sender.id()); // XEP-0160: nothing for a negative priority
            } else if (!available.containsKey(sender.id())) {
                EntityBareJid self = full.asEntityBareJid();
                synchronized (lock(self)) {
                    try {
                        deliver(self, sender);
                    } catch (StorageException e) {
                        LOG.error("offline messages of {} not delivered: {}", self, e.getMessage(), e);
                    }
                    available.put(sender.id(), full);
                }
            }
        }
        return Verdict.pass(presence);
    }

    void sessionClosed(Session session) {
        available.remove(session.id());
    }

    /**
     * Hands the waiting messages to the session. A row is deleted only once its message was written to
     * the connection; what was not (the session ended meanwhile) waits for the next login. Written but
     * never read (a dead connection) comes back through {@link #undelivered}.
     */
    private void deliver(EntityBareJid self, Session session) {
        List<OfflineStore.Offline> waiting = store.waiting(self.toString());
        if (waiting.isEmpty()) {
            return;
        }
        List<Long> unreadable = new ArrayList<>();
        List<OfflineHandOver.Waiting> messages = new ArrayList<>(waiting.size());
        for (OfflineStore.Offline o : waiting) {
            try {
                Element message = withoutOurDelay(StanzaText.read(o.stanza())).withChild(Delay.of(context.domain, Ids.instant(o.id())));
                messages.add(new OfflineHandOver.Waiting(o.id(), Stanza.of(message)));
            } catch (IllegalArgumentException | StanzaException e) {
                LOG.error("offline message {} of {} is unreadable and dropped: {}", o.id(), self, e.getMessage());
                unreadable.add(o.id());
            }
        }
        store.delete(self.toString(), unreadable);
        String owner = self.toString();
        OfflineHandOver.start(session, messages, written -> {
            store.deleteLater(owner, written).whenComplete((done, e) -> {
                if (e != null) {
                    LOG.error("delivered offline messages of {} not removed (they come again): {}", owner, e.toString());
                }
            });
            if (written.size() < messages.size()) {
                LOG.info("{} of {} offline messages for {} were not written before its session ended; they wait",
                        messages.size() - written.size(), messages.size(), owner);
            }
        });
    }

    /** A message kept again after a first hand-over has that one's delay: it gets one new delay, not two. */
    private Element withoutOurDelay(Element message) {
        List<Node> kept = new ArrayList<>();
        boolean changed = false;
        for (Node n : message.children()) {
            if (n instanceof Element e && Delay.isDelay(e, context.domain)) {
                changed = true;
                continue;
            }
            kept.add(n);
        }
        return changed ? message.withChildren(kept) : message;
    }

    /**
     * Messages written to a session of {@code session}'s account that died before the client confirmed
     * reading them: handed to the account's sessions still available, else kept offline under their
     * archive id (a copy still waiting is not stored twice). Duplicates rather than loss. Nothing is
     * kept for an account that no longer exists.
     */
    void undelivered(EntityFullJid session, List<Stanza> messages) {
        EntityBareJid self = session.asEntityBareJid();
        synchronized (lock(self)) {
            if (!context.accounts.exists(self.getLocalpart().toString())) {
                // the session ended because its account was removed: a later account of the same
                // name must not inherit what was written to this one
                LOG.info("{} unconfirmed messages to the removed account {} dropped", messages.size(), self);
                return;
            }
            List<Session> online = new ArrayList<>();
            for (Session s : context.sessions().sessions(self)) {
                if (s.jid().isPresent() && (available.containsKey(s.id())
                        || s.presence().map(p -> priority(p) >= 0).orElse(false))) {
                    online.add(s);
                }
            }
            if (!online.isEmpty()) {
                for (Stanza m : messages) {
                    for (Session s : online) {
                        s.send(m.withTo(s.jid().get()));
                    }
                }
                return;
            }
            context.store.batched((c, inbox) -> {
                for (Stanza m : messages) {
                    Stanza kept = m.withElement(withoutOurDelay(m.element())).withTo(self);
                    long id = archiveId(m, self).orElseGet(context.ids::next);
                    String from = m.from() == null ? null : m.from().asBareJid().toString();
                    OfflineStore.storeIfAbsent(c, id, self.toString(), from, kept.element().toXml());
                }
                return null;
            });
        }
    }

    /** The id this archive gave the message (its XEP-0359 stanza-id by the recipient), if any. */
    private static Optional<Long> archiveId(Stanza m, EntityBareJid recipient) {
        for (Element e : m.element().elements()) {
            if (e.is("stanza-id", Namespaces.STANZA_ID) && recipient.toString().equals(e.attribute("by"))) {
                long id = Ids.parse(e.attribute("id"));
                return id >= 0 ? Optional.of(id) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    static int priority(Stanza presence) {
        try {
            return presence.element().child("priority", Namespaces.CLIENT).map(e -> Integer.parseInt(e.text().strip()))
                    .orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
