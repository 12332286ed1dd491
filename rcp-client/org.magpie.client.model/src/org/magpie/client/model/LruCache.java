package org.magpie.client.model;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently used entry beyond a size: what the files feature keeps per URL. */
final class LruCache {

    private LruCache() {
    }

    static <K, V> Map<K, V> of(int max) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > max;
            }
        };
    }
}
