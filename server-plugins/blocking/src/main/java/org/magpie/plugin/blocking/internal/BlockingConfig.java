package org.magpie.plugin.blocking.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of blocking, PID {@value Blocklists#PID}: the {@code blocking.*} keys of
 * conf/magpie.properties; Declarative Services maps each {@code _} of a method name to a dot.
 */
@ObjectClassDefinition(name = "Magpie blocking", description = "Blocklists of users (XEP-0191).")
@interface BlockingConfig {

    @AttributeDefinition(name = "Blocked addresses per user",
            description = "How many addresses one user may block (at least 1).", min = "1")
    int max_items() default 1000;
}
