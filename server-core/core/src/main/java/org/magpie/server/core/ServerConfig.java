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

    @AttributeDefinition(description = "PKCS#12 keystore with the server certificate, for XMPP and every HTTPS port; empty: a self-signed one in data/tls")
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

    @AttributeDefinition(description = "Failed logins of one account from one address before delays start "
            + "(the first delay, doubling with each further failure, up to the cap); 4 times as many from all addresses together")
    int login_failures_max() default 5;

    @AttributeDefinition(description = "Failed logins from one address, any accounts, before delays start "
            + "(higher: several people may share one address behind NAT)")
    int login_failures_address_max() default 30;

    @AttributeDefinition(description = "Seconds without a failure after which a count is forgotten")
    int login_failures_window_seconds() default 900;

    @AttributeDefinition(description = "The first delay, in seconds, once the free attempts are used; it doubles with each failure")
    int login_delay_first_seconds() default 1;

    @AttributeDefinition(description = "The longest delay between two login attempts, in seconds")
    int login_delay_max_seconds() default 300;

    @AttributeDefinition(description = "PBKDF2 iterations of new SCRAM keys (RFC 7677: at least 4096); keys with fewer "
            + "are derived again when the password is next seen (password change, PLAIN login inside TLS)")
    int login_scram_iterations() default 10_000;

    @AttributeDefinition(description = "Milliseconds after a chat message is written to a client before the server "
            + "pings it for proof that it read it (messages written meanwhile share the ping)")
    int delivery_confirm_delay_ms() default 1000;

    @AttributeDefinition(description = "Most messages per session kept until the client confirms reading them; 0 = none")
    int delivery_unconfirmed_max_messages() default 1000;

    @AttributeDefinition(description = "Most bytes of such messages per session")
    long delivery_unconfirmed_max_bytes() default 2097152;

    @AttributeDefinition(description = "Offer stream management (XEP-0198): acknowledgements and resumption")
    boolean sm_enabled() default true;

    @AttributeDefinition(description = "Seconds a session whose connection dropped waits for its client to resume it "
            + "(XEP-0198); 0 = acknowledgements only, no resumption")
    int sm_resume_seconds() default 300;

    @AttributeDefinition(description = "Milliseconds after the first unacknowledged stanza before the server asks the "
            + "client for an acknowledgement")
    int sm_ack_delay_ms() default 1000;

    @AttributeDefinition(description = "Most stanzas kept per session awaiting the client's acknowledgement")
    int sm_unacked_max() default 1000;

    @AttributeDefinition(description = "Presence updates and chat states held for a client that said it is inactive "
            + "(XEP-0352), the latest per sender; more are sent at once; 0 = client state indication off")
    int csi_max_held() default 200;

    @AttributeDefinition(description = "Worker threads for stanza processing (handlers may block on the database)")
    int workers() default 16;
}
