package org.magpie.plugin.pep.internal;

import java.time.Duration;

/** The settings in effect, from {@link PepConfig}. */
record PepSettings(int maxNodes, int maxItemBytes, int maxItems, int maxPrivateElements, Duration capsTimeout) {

    static final PepSettings DEFAULTS = new PepSettings(64, 131072, 256, 64, Duration.ofSeconds(20));

    PepSettings {
        require(maxNodes, "pep.max.nodes.per.account");
        require(maxItemBytes, "pep.max.item.bytes");
        require(maxItems, "pep.max.items.per.node");
        require(maxPrivateElements, "pep.max.private.elements");
        if (capsTimeout.isNegative() || capsTimeout.isZero()) {
            throw new IllegalArgumentException("pep.caps.timeout.seconds must be at least 1, not " + capsTimeout.toSeconds());
        }
    }

    /** @throws IllegalArgumentException naming the setting when a value is out of range */
    static PepSettings of(PepConfig c) {
        return new PepSettings(c.max_nodes_per_account(), c.max_item_bytes(), c.max_items_per_node(),
                c.max_private_elements(), Duration.ofSeconds(c.caps_timeout_seconds()));
    }

    private static void require(int value, String key) {
        if (value < 1) {
            throw new IllegalArgumentException(key + " must be at least 1, not " + value);
        }
    }
}
