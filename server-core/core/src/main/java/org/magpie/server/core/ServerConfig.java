package org.magpie.server.core;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** The core's settings: the {@code server.*} keys of conf/magpie.properties (PID org.magpie.server). */
@ObjectClassDefinition(name = "Magpie XMPP server")
public @interface ServerConfig {

    @AttributeDefinition(description = "The XMPP domain served")
    String domain() default "localhost";

    @AttributeDefinition(description = "Address the client port listens on")
    String client_address() default "127.0.0.1";

    @AttributeDefinition(description = "Client port (c2s)")
    int client_port() default 5222;

    @AttributeDefinition(description = "PKCS#12 keystore with the server certificate; empty: a self-signed one in data/tls")
    String tls_keystore() default "";

    @AttributeDefinition(description = "Password of the keystore", type = org.osgi.service.metatype.annotations.AttributeType.PASSWORD)
    String tls_keystore_password() default "";

    @AttributeDefinition(description = "Refuse authentication before STARTTLS")
    boolean tls_required() default true;

    @AttributeDefinition(description = "Offer SASL PLAIN without TLS; honoured only when listening on loopback (tests)")
    boolean sasl_plain_without_tls() default false;

    @AttributeDefinition(description = "Sessions one account may have at once; a new login ends the oldest")
    int sessions_per_account() default 1;

    @AttributeDefinition(description = "Largest stanza accepted, in bytes")
    int limits_stanza_bytes() default 262144;

    @AttributeDefinition(description = "Seconds a connection may take to authenticate")
    int limits_auth_timeout_seconds() default 60;

    @AttributeDefinition(description = "Bytes one connection may have sent that the server has not processed yet; "
            + "above this the server stops reading it until half is processed")
    int limits_inbound_bytes() default 524288;

    @AttributeDefinition(description = "Bytes waiting to be sent to one client; above this it counts as not reading "
            + "and its stream is closed with resource-constraint")
    int limits_outbound_bytes() default 16777216;

    @AttributeDefinition(description = "Seconds a write to a client may make no progress before the connection is closed")
    int limits_write_timeout_seconds() default 30;

    @AttributeDefinition(description = "Open connections from one address (people behind NAT share one)")
    int limits_connections_per_address() default 100;

    @AttributeDefinition(description = "Connections from one address that have not logged in yet")
    int limits_unauthenticated_per_address() default 20;

    @AttributeDefinition(description = "Connections that have not logged in yet, from all addresses together")
    int limits_unauthenticated_total() default 1000;

    @AttributeDefinition(description = "Seconds without a byte from a client before the server pings it (XEP-0199)")
    int ping_idle_seconds() default 60;

    @AttributeDefinition(description = "Seconds a client may take to answer a ping before its connection counts as dead")
    int ping_timeout_seconds() default 30;

    @AttributeDefinition(description = "Failed logins of one account before its logins are refused for a while")
    int login_failures_max() default 5;

    @AttributeDefinition(description = "Failed logins from one address before its logins are refused for a while")
    int login_failures_address_max() default 30;

    @AttributeDefinition(description = "Window in seconds in which failed logins are counted")
    int login_failures_window_seconds() default 300;

    @AttributeDefinition(description = "Worker threads for stanza processing (handlers may block on the database)")
    int workers() default 16;
}
