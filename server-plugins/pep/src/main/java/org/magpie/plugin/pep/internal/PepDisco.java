package org.magpie.plugin.pep.internal;

import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.storage.StorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every account is a PEP service (XEP-0163 §6.1): its bare JID's disco#info shows {@code pubsub/pep} and
 * the PubSub features supported, its disco#items the nodes the asker may read, each a leaf node.
 */
@Component(service = DiscoProvider.class)
public final class PepDisco implements DiscoProvider {

    private static final Logger LOG = LoggerFactory.getLogger(PepDisco.class);

    /** XEP-0060 §10 features, only those this service has. */
    static final List<String> FEATURES = List.of("access-open", "access-presence", "access-whitelist", "auto-create", "auto-subscribe",
            "config-node", "create-nodes", "delete-items", "delete-nodes", "item-ids", "last-published",
            "persistent-items", "presence-notifications", "publish", "publish-options", "retract-items",
            "retrieve-items", "filtered-notifications").stream().map(f -> PepService.NS + "#" + f).toList();

    private final PepEngine engine;

    @Activate
    public PepDisco(@Reference PepEngine engine) {
        this.engine = engine;
    }

    @Override
    public Collection<Identity> accountIdentities() {
        return List.of(new Identity("pubsub", "pep", null));
    }

    @Override
    public Collection<String> accountFeatures() {
        return FEATURES;
    }

    @Override
    public List<NodeItem> accountItems(EntityBareJid account, EntityFullJid requester) {
        try {
            return engine.service().visibleNodes(requester.asEntityBareJid(), account).stream()
                    .map(n -> new NodeItem(account, n, null)).toList();
        } catch (StorageException e) {
            LOG.error("PEP nodes of {} not listed: {}", account, e.getMessage(), e);
            return List.of();
        }
    }

    @Override
    public Optional<NodeInfo> accountNodeInfo(EntityBareJid account, String node, EntityFullJid requester) {
        return engine.service().visibleNode(requester.asEntityBareJid(), account, node)
                .map(c -> new NodeInfo(List.of(new Identity("pubsub", "leaf", null)), List.of(PepService.NS)));
    }
}
