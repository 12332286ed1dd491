package org.magpie.plugin.commands.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Who administers the server, PID {@value CommandsHandler#ADMIN_PID}: the {@code admin.*} keys of conf/magpie.properties. */
@ObjectClassDefinition(name = "Magpie administrators")
@interface AdminConfig {

    @AttributeDefinition(name = "Administrators",
            description = "Account names (comma separated) that may run the administration commands.")
    String accounts() default "";
}
