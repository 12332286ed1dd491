package org.magpie.server.api;

import java.util.Collection;
import java.util.List;

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

    default Collection<Identity> identities() {
        return List.of();
    }

    default Collection<Item> items() {
        return List.of();
    }

    record Identity(String category, String type, String name) {
    }

    record Item(String jid, String name) {
    }
}
