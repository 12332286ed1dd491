package org.magpie.server.api;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.xml.Element;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Contributes to the server's service discovery (XEP-0030) answer: features and identities for
 * disco#info, items for disco#items. Register as an OSGi service; contributions vanish with it.
 */
@ConsumerType
public interface DiscoProvider {

    default Collection<String> features() {
        return List.of();
    }

    /**
     * Features of every account's own disco#info (XEP-0030 on a bare JID), such as {@code urn:xmpp:mam:2}
     * for the message archive.
     *
     * @since 1.3
     */
    default Collection<String> accountFeatures() {
        return List.of();
    }

    /**
     * Identities of every account's own disco#info beside {@code account/registered}, such as
     * {@code pubsub/pep} for personal eventing (XEP-0163).
     *
     * @since 1.7
     */
    default Collection<Identity> accountIdentities() {
        return List.of();
    }

    /**
     * The disco#items of an account's bare JID as this requester may see them (XEP-0030 on a bare JID),
     * such as the account's PEP nodes.
     *
     * @since 1.7
     */
    default List<NodeItem> accountItems(EntityBareJid account, EntityFullJid requester) {
        return List.of();
    }

    /**
     * The disco#info of a node at an account's bare JID (a PEP node, say); empty when this provider does
     * not serve it or the requester may not see it.
     *
     * @since 1.7
     */
    default Optional<NodeInfo> accountNodeInfo(EntityBareJid account, String node, EntityFullJid requester) {
        return Optional.empty();
    }

    default Collection<Identity> identities() {
        return List.of();
    }

    default Collection<Item> items() {
        return List.of();
    }

    /**
     * Elements a client sees among the stream features once it has logged in (RFC 6120 §4.3.2), for
     * features announced there rather than in disco, such as roster versioning
     * ({@code <ver xmlns='urn:xmpp:features:rosterver'/>}).
     *
     * @since 1.3
     */
    default Collection<Element> streamFeatures() {
        return List.of();
    }

    /**
     * The items of a node of the server's disco tree (XEP-0030 §4), e.g. the list of ad-hoc commands,
     * as this requester may see them; empty when this provider does not serve the node.
     *
     * @since 1.3
     */
    default Optional<List<NodeItem>> nodeItems(String node, EntityFullJid requester) {
        return Optional.empty();
    }

    /**
     * The disco#info of a node; empty when this provider does not serve the node.
     *
     * @since 1.3
     */
    default Optional<NodeInfo> nodeInfo(String node, EntityFullJid requester) {
        return Optional.empty();
    }

    /** An item of a node: an address, the node there, and a name. */
    record NodeItem(Jid jid, String node, String name) {
    }

    /** Identities and features of a node. */
    record NodeInfo(List<Identity> identities, List<String> features) {

        public NodeInfo {
            identities = List.copyOf(identities);
            features = List.copyOf(features);
        }
    }

    record Identity(String category, String type, String name) {
    }

    /** An item of the server's disco#items: an address (a service such as {@code rooms.<domain>}) and a name. */
    record Item(Jid jid, String name) {
    }
}
