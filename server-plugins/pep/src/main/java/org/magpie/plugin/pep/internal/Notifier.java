package org.magpie.plugin.pep.internal;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.xml.Element;

/**
 * Sends event notifications (XEP-0060 §7.1.2, XEP-0163 §4.3): to the available sessions of the owner and
 * of the accounts allowed to read the node, and only to those whose caps ask for {@code <node>+notify}.
 * Also sends the last items to a session that comes online.
 */
final class Notifier {

    static final String EVENT = "http://jabber.org/protocol/pubsub#event";

    private final Supplier<SessionManager> sessions;
    private final Supplier<StanzaRouter> router;
    private final Access access;
    private final Caps caps;
    private final PepStore store;

    Notifier(Supplier<SessionManager> sessions, Supplier<StanzaRouter> router, Access access, Caps caps, PepStore store) {
        this.sessions = sessions;
        this.router = router;
        this.access = access;
        this.caps = caps;
        this.store = store;
    }

    void published(EntityBareJid owner, String node, NodeConfig config, String itemId, Element payload) {
        broadcast(owner, node, config, items(node, item(itemId, payload)));
    }

    void retracted(EntityBareJid owner, String node, NodeConfig config, String itemId) {
        broadcast(owner, node, config, items(node, Element.builder("retract", EVENT).attribute("id", itemId).build()));
    }

    void deleted(EntityBareJid owner, String node, NodeConfig config) {
        broadcast(owner, node, config, Element.builder("delete", EVENT).attribute("node", node).build());
    }

    /**
     * A session came online (or changed its caps): the last item of each node it may read and asked to be
     * told of, of its own account and of the accounts whose presence it receives (XEP-0163 §4.3.2).
     */
    void lastItems(EntityFullJid to, String sessionId, Set<EntityBareJid> presenceSources) {
        Set<EntityBareJid> owners = new LinkedHashSet<>();
        owners.add(to.asEntityBareJid());
        owners.addAll(presenceSources);
        for (EntityBareJid owner : owners) {
            for (PepStore.StoredNode n : store.nodes(owner.toString())) {
                if (n.config().sendLast() == NodeConfig.SendLast.NEVER || !caps.wantsNotify(sessionId, n.name())
                        || !access.mayRead(to.asEntityBareJid(), owner, n.config())) {
                    continue;
                }
                Optional<PepStore.StoredItem> last = store.last(owner.toString(), n.name());
                Optional<Element> payload = last.flatMap(i -> StoredXml.parse(i.payload()));
                if (payload.isPresent()) {
                    router.get().route(message(owner, to, items(n.name(), item(last.get().id(), payload.get()))));
                }
            }
        }
    }

    /**
     * The owner approved a contact's subscription to its presence: the contact's available sessions get
     * the last items of the owner's nodes they asked for (the subscription the approval implies). The
     * roster may not have stored the approval yet, so the access check is the node's model alone: any
     * node but a whitelist one is the contact's to read now.
     */
    void approved(EntityBareJid owner, EntityBareJid contact) {
        List<PepStore.StoredNode> nodes = store.nodes(owner.toString()).stream()
                .filter(n -> n.config().sendLast() != NodeConfig.SendLast.NEVER
                        && n.config().access() != NodeConfig.AccessModel.WHITELIST)
                .toList();
        if (nodes.isEmpty()) {
            return;
        }
        for (Session s : sessions.get().sessions(contact)) {
            Optional<EntityFullJid> jid = s.jid();
            if (jid.isEmpty() || s.presence().isEmpty()) {
                continue;
            }
            for (PepStore.StoredNode n : nodes) {
                if (caps.wantsNotify(s.id(), n.name())) {
                    store.last(owner.toString(), n.name()).ifPresent(last -> StoredXml.parse(last.payload()).ifPresent(payload ->
                            router.get().route(message(owner, jid.get(), items(n.name(), item(last.id(), payload))))));
                }
            }
        }
    }

    private void broadcast(EntityBareJid owner, String node, NodeConfig config, Element what) {
        for (EntityBareJid account : access.notified(owner, config)) {
            for (Session s : sessions.get().sessions(account)) {
                Optional<EntityFullJid> jid = s.jid();
                if (jid.isPresent() && s.presence().isPresent() && caps.wantsNotify(s.id(), node)) {
                    router.get().route(message(owner, jid.get(), what));
                }
            }
        }
    }

    private static Element items(String node, Element child) {
        return Element.builder("items", EVENT).attribute("node", node).child(child).build();
    }

    private static Element item(String id, Element payload) {
        return Element.builder("item", EVENT).attribute("id", id).child(payload).build();
    }

    private static Stanza message(EntityBareJid owner, EntityFullJid to, Element what) {
        return Stanza.create(Stanza.Kind.MESSAGE, owner, to, MessageType.HEADLINE, Stanza.newId(),
                List.of(Element.builder("event", EVENT).child(what).build()));
    }
}
