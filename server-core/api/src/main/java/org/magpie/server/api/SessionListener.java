package org.magpie.server.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Told when a client session binds a resource and when a bound session closes (for any reason:
 * logout, conflict, broken connection, server shutdown). Called on a worker thread.
 */
@ConsumerType
public interface SessionListener {

    default void sessionBound(Session session) {
    }

    default void sessionClosed(Session session) {
    }
}
