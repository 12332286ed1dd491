package org.magpie.plugin.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The admin console, PID {@value AdminConsole#PID}: the {@code console.*} keys of conf/magpie.properties. */
@ObjectClassDefinition(name = "Magpie admin console")
@interface ConsoleConfig {

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Address", description = "Loopback by default: reach it from elsewhere through an SSH tunnel.")
    String address() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "0", max = "65535")
    int port() default 9090;
}
