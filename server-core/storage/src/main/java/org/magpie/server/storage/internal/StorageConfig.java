package org.magpie.server.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the storage bundle, PID {@value StorageComponent#PID}: the {@code storage.*} keys
 * of conf/magpie.properties, here {@code storage.pool.size} and {@code storage.pool.timeout.seconds}
 * (Declarative Services maps {@code _} to a dot).
 */
@ObjectClassDefinition(name = "Magpie storage",
        description = "The server's embedded Apache Derby database (in <magpie.data.dir>/db).")
@interface StorageConfig {

    @AttributeDefinition(name = "Connections",
            description = "Most database connections open at once; a caller that finds them all busy waits.",
            min = "1")
    int pool_size() default 16;

    @AttributeDefinition(name = "Connection wait (seconds)",
            description = "How long a caller waits for a free connection before its database work fails.",
            min = "1")
    int pool_timeout_seconds() default 30;
}
