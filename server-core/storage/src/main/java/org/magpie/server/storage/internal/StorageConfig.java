package org.magpie.server.storage.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Configuration of the storage bundle, PID {@value StorageComponent#PID}. Method names use a double
 * underscore because Declarative Services maps {@code __} to {@code _} (a single one would become a
 * dot): the key in {@code conf/org.magpie.storage.cfg} is {@code pool_size}.
 */
@ObjectClassDefinition(name = "Magpie storage",
        description = "The server's embedded Apache Derby database (in <magpie.data.dir>/db).")
@interface StorageConfig {

    @AttributeDefinition(name = "Idle connections kept",
            description = "How many idle database connections are kept for reuse; 0 opens a new one for every use. "
                    + "Busy moments may use more; only the number kept idle is bounded.",
            min = "0")
    int pool__size() default 8;
}
