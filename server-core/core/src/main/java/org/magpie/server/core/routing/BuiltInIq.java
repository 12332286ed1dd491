package org.magpie.server.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;

/**
 * The IQs the server answers itself, to its domain or to the sender's own account: ping (XEP-0199)
 * and service discovery (XEP-0030), whose identities, features, items and nodes come from the
 * plugins' {@link DiscoProvider}s.
 */
final class BuiltInIq {

    private final DomainBareJid domain;
    private final Extensions extensions;
    private final String version;

    BuiltInIq(DomainBareJid domain, Extensions extensions, String version) {
        this.domain = domain;
        this.extensions = extensions;
        this.version = version;
    }

    static boolean isDisco(Element payload) {
        return payload.is("query", Namespaces.DISCO_INFO) || payload.is("query", Namespaces.DISCO_ITEMS);
    }

    /** The answer to a request the server handles itself; empty when a plugin's handler should. */
    Optional<Stanza> answer(Stanza iq, Element payload, EntityFullJid requester) throws StanzaException {
        boolean toServer = iq.to() == null || iq.to().equals(domain);
        boolean get = iq.is(IqType.GET);
        if (payload.is("ping", Namespaces.PING)) {
            return Optional.of(iq.resultReply(null));
        }
        String node = payload.attribute("node");
        if (payload.is("query", Namespaces.DISCO_INFO) && get) {
            if (node != null) {
                // without a to, a node may be the server's or (RFC 6120 §10.3.3) the account's own, such as a PEP node
                Optional<Element> info = toServer ? nodeInfo(node, requester) : Optional.empty();
                if (info.isEmpty() && (!toServer || iq.to() == null)) {
                    info = accountNodeInfo(account(iq, requester), node, requester);
                }
                return Optional.of(iq.resultReply(info.orElseThrow(() -> new StanzaException(Condition.ITEM_NOT_FOUND, "No such node."))));
            }
            return Optional.of(iq.resultReply(toServer ? serverInfo() : accountInfo()));
        }
        if (payload.is("query", Namespaces.DISCO_ITEMS) && get) {
            if (node != null) {
                if (!toServer) {
                    throw new StanzaException(Condition.ITEM_NOT_FOUND, "No such node.");
                }
                return Optional.of(iq.resultReply(nodeItems(node, requester)));
            }
            Element.Builder items = Element.builder("query", Namespaces.DISCO_ITEMS);
            if (toServer) {
                for (DiscoProvider p : extensions.discoProviders()) {
                    for (DiscoProvider.Item item : p.items()) {
                        items.child(Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", item.jid().toString())
                                .attribute("name", item.name()).build());
                    }
                }
            } else {
                EntityBareJid account = account(iq, requester);
                for (DiscoProvider p : extensions.discoProviders()) {
                    p.accountItems(account, requester).forEach(i -> items.child(nodeItem(i)));
                }
            }
            return Optional.of(iq.resultReply(items.build()));
        }
        return Optional.empty();
    }

    /** The account asked: the bare JID addressed, or the requester's own when there is no {@code to}. */
    private static EntityBareJid account(Stanza iq, EntityFullJid requester) {
        return iq.to() == null ? requester.asEntityBareJid() : iq.to().asEntityBareJidOrThrow();
    }

    /** A node of the server's disco tree, from the plugin that serves it (XEP-0030 §3.2). */
    private Optional<Element> nodeInfo(String node, EntityFullJid requester) {
        for (DiscoProvider p : extensions.discoProviders()) {
            Optional<DiscoProvider.NodeInfo> info = p.nodeInfo(node, requester);
            if (info.isPresent()) {
                return Optional.of(nodeInfoElement(node, info.get()));
            }
        }
        return Optional.empty();
    }

    /** A node at an account's bare JID (a PEP node), from the plugin that serves it. */
    private Optional<Element> accountNodeInfo(EntityBareJid account, String node, EntityFullJid requester) {
        for (DiscoProvider p : extensions.discoProviders()) {
            Optional<DiscoProvider.NodeInfo> info = p.accountNodeInfo(account, node, requester);
            if (info.isPresent()) {
                return Optional.of(nodeInfoElement(node, info.get()));
            }
        }
        return Optional.empty();
    }

    private static Element nodeInfoElement(String node, DiscoProvider.NodeInfo info) {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO).attribute("node", node);
        info.identities().forEach(id -> q.child(identity(id.category(), id.type(), id.name())));
        info.features().forEach(f -> q.child(feature(f)));
        return q.build();
    }

    private Element nodeItems(String node, EntityFullJid requester) throws StanzaException {
        for (DiscoProvider p : extensions.discoProviders()) {
            Optional<List<DiscoProvider.NodeItem>> items = p.nodeItems(node, requester);
            if (items.isPresent()) {
                Element.Builder q = Element.builder("query", Namespaces.DISCO_ITEMS).attribute("node", node);
                items.get().forEach(i -> q.child(nodeItem(i)));
                return q.build();
            }
        }
        throw new StanzaException(Condition.ITEM_NOT_FOUND, "No such node.");
    }

    private static Element nodeItem(DiscoProvider.NodeItem i) {
        return Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", i.jid().toString())
                .attribute("node", i.node()).attribute("name", i.name()).build();
    }

    private Element serverInfo() {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO);
        q.child(identity("server", "im", "Magpie " + version));
        List<String> features = new ArrayList<>(List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.PING));
        for (DiscoProvider p : extensions.discoProviders()) {
            for (DiscoProvider.Identity id : p.identities()) {
                q.child(identity(id.category(), id.type(), id.name()));
            }
            features.addAll(p.features());
        }
        features.stream().distinct().sorted().forEach(f -> q.child(feature(f)));
        return q.build();
    }

    private Element accountInfo() {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO).child(identity("account", "registered", null));
        List<String> features = new ArrayList<>(List.of(Namespaces.DISCO_INFO));
        for (DiscoProvider p : extensions.discoProviders()) {
            p.accountIdentities().forEach(id -> q.child(identity(id.category(), id.type(), id.name())));
            features.addAll(p.accountFeatures());
        }
        features.stream().distinct().sorted().forEach(f -> q.child(feature(f)));
        return q.build();
    }

    /** What plugins announce among the stream features after authentication (roster versioning, ...). */
    List<Element> streamFeatures() {
        List<Element> features = new ArrayList<>();
        for (DiscoProvider p : extensions.discoProviders()) {
            features.addAll(p.streamFeatures());
        }
        return features;
    }

    private static Element identity(String category, String type, String name) {
        return Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", category)
                .attribute("type", type).attribute("name", name).build();
    }

    private static Element feature(String var) {
        return Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", var).build();
    }
}
