package org.magpie.plugin.admin.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The admin console, PID {@value AdminConsole#PID}: the {@code console.*} keys of conf/magpie.properties. */
@ObjectClassDefinition(name = "Magpie admin console")
@interface ConsoleConfig {

    @AttributeDefinition(name = "Enabled")
    boolean enabled() default true;

    @AttributeDefinition(name = "Address",
            description = "Loopback by default: reach it from elsewhere through an SSH tunnel. Any other address needs tls=true.")
    String address() default "127.0.0.1";

    @AttributeDefinition(name = "Port", min = "0", max = "65535")
    int port() default 9090;

    @AttributeDefinition(name = "TLS", description = "Serve HTTPS with the server's certificate (required beyond loopback).")
    boolean tls() default false;

    @AttributeDefinition(name = "Idle timeout (seconds)", description = "A connection quiet for this long is closed.", min = "1")
    int idle_timeout_seconds() default 30;

    @AttributeDefinition(name = "Threads", description = "Most threads of the console's HTTP server.", min = "8")
    int threads() default 16;

    @AttributeDefinition(name = "Failed logins", description = "Failed logins from one address within the window before it is refused (429).",
            min = "1")
    int failures_max() default 10;

    @AttributeDefinition(name = "Failure window (seconds)", min = "1")
    int failures_window_seconds() default 300;
}
