package org.magpie.plugin.archive.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Archiving of the messages clients send (XEP-0313) and groups store. Every chat or normal message
 * with a body that a client sends to a local account is stored in one transaction (archive row, both
 * inbox rows, and the offline copy when the addressee is offline) before the core routes it; the copy
 * that is routed carries the archive id as XEP-0359 stanza-id. A message for an offline account is
 * dropped after it is stored, to be handed over by {@link OfflineMessages}.
 */
final class MessageArchiver {

    static final String MARKERS_NS = "urn:xmpp:chat-markers:0";
    static final String CHAT_STATES_NS = "http://jabber.org/protocol/chatstates";
    static final String HINTS_NS = "urn:xmpp:hints";

    private static final Logger LOG = LoggerFactory.getLogger(MessageArchiver.class);

    private enum Reach { ONLINE, COLLECTING, OFFLINE }

    private final ArchiveContext context;
    private final OfflineMessages offline;
    private final Inbox inbox;
    private final ArchivePrefs prefs;

    MessageArchiver(ArchiveContext context, OfflineMessages offline, Inbox inbox, ArchivePrefs prefs) {
        this.context = context;
        this.offline = offline;
        this.inbox = inbox;
        this.prefs = prefs;
    }

    /**
     * A message a client sends, after the server stamped its {@code from}: stored before it is routed.
     * Where it is archived for an addressee who is online, the verdict waits for the durable write
     * without holding the worker; what is kept offline is decided and stored under the addressee's
     * lock, so a login cannot slip in between.
     */
    CompletionStage<Verdict> outbound(Stanza message, Session sender) {
        Optional<EntityFullJid> jid = sender.jid();
        if (jid.isEmpty() || message.is(MessageType.ERROR)) {
            return now(Verdict.pass(message));
        }
        EntityBareJid self = jid.get().asEntityBareJid();
        Stanza m = withoutForeignStanzaIds(message);
        Jid to = m.to() == null ? self : m.to();
        boolean displayed = m.element().child("displayed", MARKERS_NS).isPresent();
        if (!to.hasLocalpart() || !isLocalOrSubdomain(to)) {
            return now(Verdict.pass(m));
        }
        EntityBareJid peer = to.asEntityBareJidIfPossible();
        if (displayed) {
            inbox.markRead(self, peer.toString(), sender.id());
        }
        if (!to.getDomain().equals(context.domain) || !isChatOrNormal(m)
                || !context.accounts.exists(peer.getLocalpart().toString())) {
            return now(Verdict.pass(m)); // groups, headlines, and unknown accounts (which the core answers)
        }
        ArchiveSettings s = context.settings();
        boolean archive = s.enabled() && m.body().filter(b -> !b.isBlank()).isPresent() && !hint(m, "no-permanent-store")
                && !hint(m, "no-store") && !(prefs.keepsNothing(self.toString()) && prefs.keepsNothing(peer.toString()));
        synchronized (offline.lock(peer)) {
            List<Session> collecting = new ArrayList<>();
            Reach reach = reach(to, peer, collecting);
            boolean keep = reach == Reach.OFFLINE && keepsOffline(m);
            if (keep && context.store.offline().count(peer.toString()) >= s.offlineMax()) {
                return now(Verdict.reject(context.texts.text("offline.full", peer.toString())
                        .error(Condition.RESOURCE_CONSTRAINT)));
            }
            if (!archive && !keep) {
                if (reach == Reach.OFFLINE && !keepsOffline(m) && !hint(m, "no-store")) {
                    return now(Verdict.drop()); // chat states for nobody: nothing to tell the sender
                }
                return now(deliver(m, reach, collecting));
            }
            long id = context.ids.next();
            Stanza out = archive ? m.withElement(m.element().withChild(stanzaId(id, peer))) : m;
            Stanza routed = out.to() == null ? out.withTo(self) : out;
            ArchiveStore.BatchWork<Void> write = (c, inboxChanges) -> {
                if (archive) {
                    String body = m.body().orElse("");
                    HistoryStore.archive(c, new HistoryStore.Entry(id, ArchiveStore.pair(self.toString(), peer.toString()),
                            ArchiveStore.CHAT, self.toString(), null, peer.toString(), body,
                            m.withTo(to).element().toXml()));
                    inboxChanges.message(self.toString(), peer.toString(), ArchiveStore.CHAT, id, false);
                    if (!self.equals(peer)) {
                        inboxChanges.message(peer.toString(), self.toString(), ArchiveStore.CHAT, id, true);
                    }
                }
                if (keep) {
                    OfflineStore.store(c, id, peer.toString(), self.toString(), routed.element().toXml());
                }
                return null;
            };
            if (!keep) {
                return context.store.batchedLater(write).handle((done, failure) -> failure == null
                        ? deliver(out, reach, collecting) : notStored(self, peer, failure));
            }
            try {
                context.store.batched(write);
            } catch (StorageException e) {
                return now(notStored(self, peer, e));
            }
            return now(Verdict.drop());
        }
    }

    /**
     * A group message, stored before the group sends it: the history row (conversation = the group)
     * and, for each member, the inbox row of the group, unread for all but the author. Rows are
     * touched in one order so concurrent messages cannot deadlock.
     *
     * @param sender the author's bare JID, or null for the group's own notices
     */
    long storeGroup(String room, String sender, String nick, Element message, Collection<String> members) {
        long id = context.ids.next();
        String body = message.child("body", Namespaces.CLIENT).map(Element::text).orElse("");
        context.store.batched((c, inboxChanges) -> {
            HistoryStore.archive(c, new HistoryStore.Entry(id, room, ArchiveStore.GROUP, sender == null ? room : sender,
                    nick, room, body, message.toXml()));
            for (String member : members) {
                inboxChanges.message(member, room, ArchiveStore.GROUP, id, !member.equals(sender));
            }
            return null;
        });
        return id;
    }

    static Element stanzaId(long id, Jid by) {
        return Element.builder("stanza-id", Namespaces.STANZA_ID).attribute("id", Ids.format(id))
                .attribute("by", by.toString()).build();
    }

    private static CompletionStage<Verdict> now(Verdict verdict) {
        return CompletableFuture.completedFuture(verdict);
    }

    private Verdict notStored(EntityBareJid self, EntityBareJid peer, Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        LOG.error("message from {} to {} not stored: {}", self, peer, cause.getMessage(), cause);
        return Verdict.reject(context.texts.text("message.not.stored").error(Condition.INTERNAL_SERVER_ERROR));
    }

    /** Hands over to the core, or itself to sessions the core does not count as available yet. */
    private static Verdict deliver(Stanza m, Reach reach, List<Session> collecting) {
        if (reach != Reach.COLLECTING) {
            return Verdict.pass(m);
        }
        for (Session s : collecting) {
            s.send(m.withTo(s.jid().orElseThrow()));
        }
        return Verdict.drop();
    }

    private Reach reach(Jid to, EntityBareJid peer, List<Session> collecting) {
        for (Session s : context.sessions().sessions(peer)) {
            if (to.hasResource() && s.jid().map(to::equals).orElse(false)) {
                return Reach.ONLINE; // the core hands it to that resource, available or not
            }
            if (s.presence().map(p -> OfflineMessages.priority(p) >= 0).orElse(false)) {
                return Reach.ONLINE;
            }
            if (offline.collected(s)) {
                collecting.add(s);
            }
        }
        return collecting.isEmpty() ? Reach.OFFLINE : Reach.COLLECTING;
    }

    /** XEP-0160 keeps chat and normal messages with content, not bare chat states. */
    private static boolean keepsOffline(Stanza m) {
        if (hint(m, "no-store")) {
            return false;
        }
        for (Element e : m.element().elements()) {
            String ns = e.namespace();
            if (!ns.equals(CHAT_STATES_NS) && !ns.equals(HINTS_NS) && !ns.equals(Namespaces.STANZA_ID)
                    && !e.is("thread", Namespaces.CLIENT) && !e.is("error", Namespaces.CLIENT)) {
                return true;
            }
        }
        return false;
    }

    /** Chat or normal; a type this server does not know (RFC 6121 reads it as normal) is routed unarchived. */
    private static boolean isChatOrNormal(Stanza m) {
        MessageType type = m.messageType();
        return type == MessageType.CHAT || type == MessageType.NORMAL && (m.type() == null || type.xmlName().equals(m.type()));
    }

    private static boolean hint(Stanza m, String name) {
        return m.element().child(name, HINTS_NS).isPresent();
    }

    private boolean isLocalOrSubdomain(Jid jid) {
        String d = jid.getDomain().toString();
        return d.equals(context.domain.toString()) || d.endsWith("." + context.domain);
    }

    /**
     * XEP-0359 §3: a stanza-id claiming to be from this server, sent by a client, is a forgery. All
     * stanza-ids whose {@code by} is on this server are removed.
     */
    private Stanza withoutForeignStanzaIds(Stanza m) {
        String domain = context.domain.toString();
        List<Node> kept = new ArrayList<>();
        boolean changed = false;
        for (Node n : m.element().children()) {
            if (n instanceof Element e && e.is("stanza-id", Namespaces.STANZA_ID)) {
                String by = e.attribute("by");
                if (by == null || by.equals(domain) || by.endsWith("@" + domain) || by.endsWith("." + domain)
                        || by.contains("@") && by.substring(by.indexOf('@') + 1).endsWith("." + domain)) {
                    changed = true;
                    continue;
                }
            }
            kept.add(n);
        }
        return changed ? m.withElement(m.element().withChildren(kept)) : m;
    }
}
