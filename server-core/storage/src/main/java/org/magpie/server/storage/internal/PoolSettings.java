package org.magpie.server.storage.internal;

import java.time.Duration;

/**
 * The connection pool's limits.
 *
 * @param size    most connections open at once, borrowed and idle together
 * @param timeout how long a caller waits for a connection while all {@code size} are borrowed
 *                before it gets an {@link java.sql.SQLException}
 */
record PoolSettings(int size, Duration timeout) {

    /** HikariCP refuses to wait less than this. */
    static final Duration SHORTEST_TIMEOUT = Duration.ofMillis(250);

    PoolSettings {
        if (size < 1) {
            throw new IllegalArgumentException("the pool needs at least one connection: " + size);
        }
        if (timeout.compareTo(SHORTEST_TIMEOUT) < 0) {
            throw new IllegalArgumentException("the pool's timeout must be at least " + SHORTEST_TIMEOUT + ": " + timeout);
        }
    }

    static PoolSettings of(StorageConfig config) {
        return new PoolSettings(config.pool_size(), Duration.ofSeconds(config.pool_timeout_seconds()));
    }
}
