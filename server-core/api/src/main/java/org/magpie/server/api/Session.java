package org.magpie.server.api;

import java.net.InetSocketAddress;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.osgi.annotation.versioning.ProviderType;

/**
 * What a plugin may know about a client session. Implemented by the core; a plugin must not keep
 * the object beyond the call or event it received it in (use {@link SessionManager} to look up).
 */
@ProviderType
public interface Session {

    /** A server-unique, opaque identifier (also the stream id). */
    String id();

    InetSocketAddress remoteAddress();

    /** Whether the stream is TLS-protected. */
    boolean isSecure();

    /** The account, once SASL has succeeded. */
    Optional<EntityBareJid> account();

    /** The full JID, once a resource is bound. */
    Optional<EntityFullJid> jid();

    /** The language the client declared on its stream header ({@code xml:lang}), "en" if none. */
    String language();

    /** The last available presence broadcast by this session, if it is available. */
    Optional<Stanza> presence();

    /** Sends a stanza to this session as it is (the caller has addressed it). */
    void send(Stanza stanza);
}
