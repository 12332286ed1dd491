package org.magpie.client.service.smack.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The feature managers of each connection, like Smack's {@code XyzManager.getInstanceFor(connection)}
 * but owned by the service that makes the connections instead of static maps: each registered
 * manager is made once per connection, when the connection is {@link #attach attached} (so its
 * stanza listeners are in place before login), and forgotten with the connection.
 */
public final class Managers {

    private final Map<Class<?>, Function<XMPPTCPConnection, ?>> factories = new LinkedHashMap<>();
    private final Map<XMPPTCPConnection, Map<Class<?>, Object>> byConnection = Collections.synchronizedMap(new WeakHashMap<>());

    /** Registers a manager type (before the first connection). */
    public synchronized <M> Managers register(Class<M> type, Function<XMPPTCPConnection, ? extends M> factory) {
        factories.put(type, factory);
        return this;
    }

    /** Makes every registered manager for a new connection. */
    public synchronized void attach(XMPPTCPConnection c) {
        Map<Class<?>, Object> managers = new ConcurrentHashMap<>();
        byConnection.put(c, managers);
        factories.forEach((type, factory) -> managers.put(type, factory.apply(c)));
    }

    /** The connection's manager of {@code type}. */
    public <M> M getInstanceFor(XMPPTCPConnection c, Class<M> type) {
        Map<Class<?>, Object> managers = byConnection.get(c);
        Object m = managers == null ? null : managers.get(type);
        if (m == null) {
            throw new IllegalStateException(type.getSimpleName() + " is not attached to " + c);
        }
        return type.cast(m);
    }
}
