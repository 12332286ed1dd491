package org.magpie.plugin.pep.internal;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A PEP node's configuration (XEP-0060 §16.4 pubsub#node_config, the part Magpie supports).
 *
 * @param access   who may read the node and get its notifications
 * @param maxItems the most items kept (already within the server's limit)
 * @param persist  whether items are kept beyond the last one (pubsub#persist_items)
 * @param sendLast when the last item is sent on its own (pubsub#send_last_published_item)
 */
record NodeConfig(AccessModel access, int maxItems, boolean persist, SendLast sendLast) {

    static final String FORM_TYPE = "http://jabber.org/protocol/pubsub#node_config";
    static final String PUBLISH_OPTIONS = "http://jabber.org/protocol/pubsub#publish-options";
    static final String ACCESS_MODEL = "pubsub#access_model";
    static final String MAX_ITEMS = "pubsub#max_items";
    static final String PERSIST_ITEMS = "pubsub#persist_items";
    static final String SEND_LAST = "pubsub#send_last_published_item";
    static final List<String> FIELDS = List.of(ACCESS_MODEL, MAX_ITEMS, PERSIST_ITEMS, SEND_LAST);

    /** The value {@code max} of pubsub#max_items: as many as the server allows. */
    static final String MAX = "max";

    /** Access models (XEP-0060 §4.5) a personal node may have. */
    enum AccessModel {
        /** Contacts subscribed to the owner's presence (the PEP default, XEP-0163 §4.2). */
        PRESENCE,
        /** Anyone. */
        OPEN,
        /** The owner alone (no one else is ever put on a personal node's whitelist here). */
        WHITELIST;

        String xmlName() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Optional<AccessModel> of(String value) {
            for (AccessModel m : values()) {
                if (m.xmlName().equals(value)) {
                    return Optional.of(m);
                }
            }
            return Optional.empty();
        }
    }

    /** When the last published item goes out on its own (pubsub#send_last_published_item). */
    enum SendLast {
        NEVER("never"), ON_SUB("on_sub"), ON_SUB_AND_PRESENCE("on_sub_and_presence");

        private final String xmlName;

        SendLast(String xmlName) {
            this.xmlName = xmlName;
        }

        String xmlName() {
            return xmlName;
        }

        static Optional<SendLast> of(String value) {
            for (SendLast s : values()) {
                if (s.xmlName.equals(value)) {
                    return Optional.of(s);
                }
            }
            return Optional.empty();
        }
    }

    /** A new node's configuration: presence access, one item, as XEP-0163 describes PEP. */
    static NodeConfig defaults() {
        return new NodeConfig(AccessModel.PRESENCE, 1, true, SendLast.ON_SUB_AND_PRESENCE);
    }

    NodeConfig withAccess(AccessModel a) {
        return new NodeConfig(a, maxItems, persist, sendLast);
    }

    NodeConfig withMaxItems(int n) {
        return new NodeConfig(access, n, persist, sendLast);
    }

    NodeConfig withPersist(boolean p) {
        return new NodeConfig(access, maxItems, p, sendLast);
    }

    NodeConfig withSendLast(SendLast s) {
        return new NodeConfig(access, maxItems, persist, s);
    }

    /** How many items the store keeps: all up to max_items, or only the last one when items do not persist. */
    int kept() {
        return persist ? maxItems : 1;
    }

    /** A boolean field's value as XEP-0004 §3.3 writes it, or empty when it is none. */
    static Optional<Boolean> bool(String value) {
        return switch (value) {
            case "1", "true" -> Optional.of(Boolean.TRUE);
            case "0", "false" -> Optional.of(Boolean.FALSE);
            default -> Optional.empty();
        };
    }
}
