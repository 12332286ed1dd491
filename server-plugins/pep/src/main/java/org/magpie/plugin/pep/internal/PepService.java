package org.magpie.plugin.pep.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * The PubSub operations on personal nodes (XEP-0060 as profiled by XEP-0163): publish with auto-create
 * and publish-options, retract, items, create, configure and delete. Requests come parsed from the
 * handlers; answers are the payloads of the results. Changes to one account's nodes are serialized, so
 * two publications to a new node create it once and the node limit holds.
 */
final class PepService {

    static final String NS = "http://jabber.org/protocol/pubsub";
    static final String OWNER = NS + "#owner";

    /** Longest node name and item id (their columns). */
    static final int MAX_NAME = 255;

    private final PepStore store;
    private final Access access;
    private final NodeForms forms;
    private final Notifier notifier;
    private final Supplier<PepSettings> settings;
    private final Texts texts;
    private final Object[] locks = new Object[64];

    PepService(PepStore store, Access access, NodeForms forms, Notifier notifier, Supplier<PepSettings> settings, Texts texts) {
        this.store = store;
        this.access = access;
        this.forms = forms;
        this.notifier = notifier;
        this.settings = settings;
        this.texts = texts;
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    private Object lock(EntityBareJid owner) {
        return locks[Math.floorMod(owner.hashCode(), locks.length)];
    }

    // ---------------------------------------------------------------- publish, retract

    /**
     * Publishes one item ({@code <publish node='...'><item id='...'>payload</item></publish>}), creating the
     * node with the publish-options as its configuration when it does not exist.
     *
     * @return the {@code <pubsub/>} of the result, naming the item's id
     */
    Element publish(EntityFullJid publisher, EntityBareJid owner, Element publish, Optional<DataForm> options) throws PubSubException {
        requireOwner(publisher, owner);
        String node = nodeName(publish);
        List<Element> items = publish.elements().stream().filter(e -> e.is("item", NS)).toList();
        if (items.size() != 1) {
            throw new PubSubException(texts.text(items.isEmpty() ? "item.required" : "item.one").error(Condition.BAD_REQUEST),
                    items.isEmpty() ? "item-required" : "invalid-payload");
        }
        Element item = items.get(0);
        if (item.elements().size() != 1) {
            throw new PubSubException(texts.text(item.elements().isEmpty() ? "payload.required" : "payload.one").error(Condition.BAD_REQUEST),
                    item.elements().isEmpty() ? "payload-required" : "invalid-payload");
        }
        String id = item.attribute("id") == null || item.attribute("id").isEmpty() ? UUID.randomUUID().toString() : item.attribute("id");
        if (id.length() > MAX_NAME) {
            throw new PubSubException(texts.text("item.id.too.long", MAX_NAME).error(Condition.NOT_ACCEPTABLE));
        }
        Element payload = item.elements().get(0);
        publishItem(publisher, owner, node, id, payload, options);
        return Element.builder("pubsub", NS).child(Element.builder("publish", NS).attribute("node", node)
                .child(Element.builder("item", NS).attribute("id", id).build()).build()).build();
    }

    /** Stores and announces one item; also the way private storage writes the bookmarks node. */
    void publishItem(EntityFullJid publisher, EntityBareJid owner, String node, String id, Element payload,
            Optional<DataForm> options) throws PubSubException {
        PepSettings s = settings.get();
        String xml = payload.toXml();
        int bytes = xml.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > s.maxItemBytes()) {
            throw new PubSubException(texts.text("payload.too.big", bytes, s.maxItemBytes()).error(Condition.NOT_ACCEPTABLE),
                    "payload-too-big");
        }
        NodeConfig config;
        synchronized (lock(owner)) {
            Optional<NodeConfig> existing = store.node(owner.toString(), node);
            if (existing.isPresent()) {
                config = existing.get();
                if (options.isPresent()) {
                    forms.requireMet(config, options.get(), s.maxItems());
                }
            } else {
                config = options.isPresent() ? forms.fromOptions(NodeConfig.defaults(), options.get(), s.maxItems())
                        : NodeConfig.defaults();
                create(owner, node, config);
            }
            store.publish(owner.toString(), node, new PepStore.StoredItem(id, publisher.toString(), xml), config.kept());
        }
        notifier.published(owner, node, config, id, payload);
    }

    Element retract(EntityFullJid requester, EntityBareJid owner, Element retract) throws PubSubException {
        requireOwner(requester, owner);
        String node = nodeName(retract);
        NodeConfig config = existing(owner, node);
        List<String> ids = new ArrayList<>();
        for (Element item : retract.elements()) {
            if (item.is("item", NS) && item.attribute("id") != null) {
                ids.add(item.attribute("id"));
            }
        }
        if (ids.isEmpty()) {
            throw new PubSubException(texts.text("item.id.required").error(Condition.BAD_REQUEST), "item-required");
        }
        for (String id : ids) {
            if (!store.retract(owner.toString(), node, id)) {
                throw new PubSubException(texts.text("item.missing", id).error(Condition.ITEM_NOT_FOUND));
            }
        }
        String notify = retract.attribute("notify");
        if ("true".equals(notify) || "1".equals(notify)) {
            ids.forEach(id -> notifier.retracted(owner, node, config, id));
        }
        return null;
    }

    // ---------------------------------------------------------------- items

    /** {@code <items node='...' max_items='n'>} with optional {@code <item id='...'/>}s: what the reader may read. */
    Element items(EntityBareJid reader, EntityBareJid owner, Element request) throws PubSubException {
        String node = nodeName(request);
        NodeConfig config = existing(owner, node);
        access.requireRead(reader, owner, config);
        List<String> ids = request.elements().stream().filter(e -> e.is("item", NS)).map(e -> e.attribute("id"))
                .filter(id -> id != null).toList();
        List<PepStore.StoredItem> found;
        if (!ids.isEmpty()) {
            found = ids.stream().map(id -> store.item(owner.toString(), node, id)).flatMap(Optional::stream).toList();
        } else {
            found = store.items(owner.toString(), node, maxItems(request.attribute("max_items")));
        }
        Element.Builder items = Element.builder("items", NS).attribute("node", node);
        for (PepStore.StoredItem i : found) {
            Element.Builder item = Element.builder("item", NS).attribute("id", i.id());
            StoredXml.parse(i.payload()).ifPresent(item::child);
            items.child(item.build());
        }
        return Element.builder("pubsub", NS).child(items.build()).build();
    }

    private int maxItems(String value) throws PubSubException {
        int limit = settings.get().maxItems();
        if (value == null) {
            return limit;
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return Math.min(n, limit);
        } catch (NumberFormatException e) {
            throw new PubSubException(texts.text("max.items.bad", value).error(Condition.BAD_REQUEST));
        }
    }

    // ---------------------------------------------------------------- nodes

    Element create(EntityFullJid requester, EntityBareJid owner, Element create, Optional<DataForm> configure) throws PubSubException {
        requireOwner(requester, owner);
        String node = nodeName(create);
        synchronized (lock(owner)) {
            if (store.node(owner.toString(), node).isPresent()) {
                throw new PubSubException(texts.text("node.exists", node).error(Condition.CONFLICT));
            }
            NodeConfig config = NodeConfig.defaults();
            if (configure.isPresent()) {
                config = forms.apply(config, configure.get(), settings.get().maxItems());
            }
            create(owner, node, config);
        }
        return null;
    }

    private void create(EntityBareJid owner, String node, NodeConfig config) throws PubSubException {
        int limit = settings.get().maxNodes();
        if (store.nodeCount(owner.toString()) >= limit) {
            throw new PubSubException(texts.text("nodes.limit", limit).error(Condition.RESOURCE_CONSTRAINT));
        }
        store.createNode(owner.toString(), node, config);
    }

    /** The owner's configuration form of a node (XEP-0060 §8.2.1). */
    Element configurationForm(EntityFullJid requester, EntityBareJid owner, Element configure, String language) throws PubSubException {
        requireOwner(requester, owner);
        String node = nodeName(configure);
        NodeConfig config = existing(owner, node);
        return Element.builder("pubsub", OWNER).child(Element.builder("configure", OWNER).attribute("node", node)
                .child(forms.form(config, language).toElement()).build()).build();
    }

    /** A submitted configuration (XEP-0060 §8.2.4); a cancelled form changes nothing. */
    void configure(EntityFullJid requester, EntityBareJid owner, Element configure) throws PubSubException {
        requireOwner(requester, owner);
        String node = nodeName(configure);
        Optional<DataForm> form = configure.child("x", DataForm.NS).map(DataForm::parse);
        if (form.isEmpty()) {
            throw new PubSubException(texts.text("config.form.required").error(Condition.BAD_REQUEST));
        }
        if ("cancel".equals(form.get().type())) {
            return;
        }
        synchronized (lock(owner)) {
            NodeConfig config = existing(owner, node);
            store.configure(owner.toString(), node, forms.apply(config, form.get(), settings.get().maxItems()));
        }
    }

    void delete(EntityFullJid requester, EntityBareJid owner, Element delete) throws PubSubException {
        requireOwner(requester, owner);
        String node = nodeName(delete);
        NodeConfig config;
        synchronized (lock(owner)) {
            config = existing(owner, node);
            store.deleteNode(owner.toString(), node);
        }
        notifier.deleted(owner, node, config);
    }

    /** The nodes a reader may see (disco#items of the owner's bare JID). */
    List<String> visibleNodes(EntityBareJid reader, EntityBareJid owner) {
        return store.nodes(owner.toString()).stream().filter(n -> access.mayRead(reader, owner, n.config()))
                .map(PepStore.StoredNode::name).toList();
    }

    /** The node, when it exists and the reader may see it. */
    Optional<NodeConfig> visibleNode(EntityBareJid reader, EntityBareJid owner, String node) {
        return store.node(owner.toString(), node).filter(c -> access.mayRead(reader, owner, c));
    }

    // ---------------------------------------------------------------- checks

    private NodeConfig existing(EntityBareJid owner, String node) throws PubSubException {
        return store.node(owner.toString(), node)
                .orElseThrow(() -> new PubSubException(texts.text("node.missing", node).error(Condition.ITEM_NOT_FOUND)));
    }

    private void requireOwner(EntityFullJid requester, EntityBareJid owner) throws PubSubException {
        if (!requester.asEntityBareJid().equals(owner)) {
            throw new PubSubException(Access.forbidden(texts));
        }
    }

    private String nodeName(Element e) throws PubSubException {
        String node = e.attribute("node");
        if (node == null || node.isEmpty()) {
            throw new PubSubException(texts.text("node.required").error(Condition.BAD_REQUEST), "nodeid-required");
        }
        if (node.length() > MAX_NAME) {
            throw new PubSubException(texts.text("node.too.long", MAX_NAME).error(Condition.NOT_ACCEPTABLE));
        }
        return node;
    }
}
