package org.magpie.server.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the storage bundle, PID {@value StorageComponent#PID}: the {@code storage.*} keys
 * of conf/magpie.properties, here {@code storage.pool.size} (Declarative Services maps {@code _} to a dot).
 */
@ObjectClassDefinition(name = "Magpie storage",
        description = "The server's embedded Apache Derby database (in <magpie.data.dir>/db).")
@interface StorageConfig {

    @AttributeDefinition(name = "Idle connections kept",
            description = "How many idle database connections are kept for reuse; 0 opens a new one for every use. "
                    + "Busy moments may use more; only the number kept idle is bounded.",
            min = "0")
    int pool_size() default 8;
}
