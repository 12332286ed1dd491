package org.magpie.server.api;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

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

    /**
     * Sends like {@link #send} and tells whether the stanza reached the connection: the stage completes
     * with {@code true} once it was written to the network, {@code false} when the session ended (or was
     * ending) before that, so the client cannot have it. Written is not read: a message the client never
     * confirms reading is handed to {@link UndeliveredMessages} when the session dies without a clean close.
     * The stage may complete on a network thread: do not block in what depends on it.
     *
     * @since 1.5
     */
    default CompletionStage<Boolean> sendConfirmed(Stanza stanza) {
        send(stanza);
        return CompletableFuture.completedFuture(Boolean.TRUE);
    }
}
