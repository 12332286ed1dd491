package org.magpie.server.core.session;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.sasl.Authenticator;
import org.magpie.server.xml.StreamHeader;
import org.magpie.server.xml.StreamListener;
import org.magpie.server.xml.XmlStreamException;
import org.magpie.server.xml.XmppStreamParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client stream and its state machine (RFC 6120). Events of one session arrive in order on a
 * worker thread (never a network I/O thread), so the state needs no lock; other threads only
 * {@link #send} to it or {@link #closeWithError close} it, which are safe from anywhere.
 *
 * <p>The session decides by state and delegates the steps: {@link StreamNegotiation} (header checks,
 * features, TLS), {@link SaslNegotiation}, {@link ResourceBinding}, {@link StanzaQueue} (stanzas of a
 * bound session, in order) and {@link StreamWriter} (the server's half of the stream).
 */
public final class ClientSession implements LocalSession {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);

    private final String id;
    private final Connection connection;
    private final StreamSettings settings;
    private final SessionRegistry registry;
    private final StanzaPipeline pipeline;
    private final StreamNegotiation negotiation;
    private final SaslNegotiation sasl;
    private final StanzaQueue queue;
    private final StreamWriter stream;
    /** Binding and disconnecting run on different threads; this keeps a dead session out of the registry. */
    private final Object binding = new Object();
    private final ScheduledFuture<?> authTimeout;
    private final UnconfirmedMessages unconfirmed;
    /** Whether the client ended its stream itself: then what it was sent counts as read. */
    private volatile boolean closedByClient;
    private final KeepAlive keepAlive;

    private XmppStreamParser parser;
    private Listener listener;
    private volatile SessionState state = SessionState.CONNECTED;
    private volatile String language = "en";
    private volatile EntityBareJid account;
    private volatile EntityFullJid jid;
    private volatile Stanza presence;
    private final ClientState clientState;

    public ClientSession(Connection connection, StreamSettings settings, Authenticator authenticator,
            SessionRegistry registry, StanzaPipeline pipeline, boolean tlsAvailable, ScheduledExecutorService timer) {
        this(connection, settings, authenticator, registry, pipeline, tlsAvailable, timer, DeliverySettings.OFF);
    }

    public ClientSession(Connection connection, StreamSettings settings, Authenticator authenticator,
            SessionRegistry registry, StanzaPipeline pipeline, boolean tlsAvailable, ScheduledExecutorService timer,
            DeliverySettings delivery) {
        this(connection, settings, authenticator, registry, pipeline, tlsAvailable, timer, delivery, 0);
    }

    /** @param csiMaxHeld the most presence updates and chat states held for an inactive client (XEP-0352) */
    public ClientSession(Connection connection, StreamSettings settings, Authenticator authenticator,
            SessionRegistry registry, StanzaPipeline pipeline, boolean tlsAvailable, ScheduledExecutorService timer,
            DeliverySettings delivery, int csiMaxHeld) {
        this.clientState = new ClientState(csiMaxHeld);
        this.id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        this.connection = connection;
        this.settings = settings;
        this.registry = registry;
        this.pipeline = pipeline;
        this.negotiation = new StreamNegotiation(settings, authenticator, pipeline, tlsAvailable);
        this.stream = new StreamWriter(connection, StreamNegotiation.header(id, settings.domain()));
        this.sasl = new SaslNegotiation(connection, authenticator, negotiation, settings.domain(), stream, this::loggedIn);
        this.queue = new StanzaQueue(this, connection, pipeline, () -> state == SessionState.CLOSED);
        restartStream();
        this.keepAlive = new KeepAlive(settings.keepAlive(), timer,
                ping -> {
                    if (!stream.closing()) {
                        connection.write(ping.withAttribute("from", settings.domain().toString())
                                .withAttribute("to", String.valueOf(jid)).toXml(Namespaces.CLIENT));
                    }
                },
                () -> closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "No answer to a ping within "
                        + settings.keepAlive().answer().toSeconds() + " seconds."),
                connection::readingSuspended);
        // proof of reading comes from the same pings, and an unanswered one ends the session the same way
        this.unconfirmed = new UnconfirmedMessages(id, delivery, keepAlive::ping, timer, connection);
        Duration timeout = settings.authTimeout();
        // until a resource is bound: a client silent after authenticating is not pinged yet (KeepAlive
        // starts at bind) and would otherwise hold its connection for ever
        this.authTimeout = timer.schedule(() -> {
            if (state == SessionState.CONNECTED) {
                closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT,
                        "Not authenticated within " + timeout.toSeconds() + " seconds.");
            } else if (state == SessionState.AUTHENTICATED) {
                closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT,
                        "No resource bound within " + timeout.toSeconds() + " seconds of connecting.");
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    // ------------------------------------------------------------------ events from the transport

    /** Bytes from the network (plain text: TLS is undone below). */
    public void received(ByteBuffer bytes) {
        if (state == SessionState.CLOSED) {
            return;
        }
        keepAlive.heard();
        try {
            parser.feed(bytes);
        } catch (XmlStreamException e) {
            LOG.debug("session {}: {}", id, e.getMessage());
            closeWithError(e.condition(), e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("session {}: internal error", id, e);
            closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, "Internal server error.");
        }
    }

    /** The connection is gone, whoever closed it. */
    public void disconnected() {
        SessionState before;
        synchronized (binding) {
            before = state;
            state = SessionState.CLOSED;
        }
        stream.gone();
        authTimeout.cancel(false);
        keepAlive.stop();
        if (before == SessionState.BOUND) {
            registry.unbind(this);
            // after unbinding, so nothing routed here later is missed: what the client cannot be sure
            // to have read (all unconfirmed after a dead connection) is kept for its next login
            List<Stanza> unread = unconfirmed.close(closedByClient);
            if (!unread.isEmpty()) {
                pipeline.undelivered(this, unread);
            }
            pipeline.sessionClosed(this);
        } else {
            unconfirmed.close(true);
        }
        LOG.debug("session {} closed ({})", id, jid != null ? jid : account != null ? account : "unauthenticated");
    }

    // ------------------------------------------------------------------ the stream

    private final class Listener implements StreamListener {
        @Override
        public void streamOpened(StreamHeader header) {
            if (listener == this) {
                opened(header);
            }
        }

        @Override
        public void element(Element element) {
            if (listener == this && state != SessionState.CLOSED) {
                try {
                    dispatch(element);
                } catch (RuntimeException e) {
                    LOG.error("session {}: failed on {}", id, element.name(), e);
                    closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, "Internal server error.");
                }
            }
        }

        @Override
        public void streamClosed() {
            if (listener == this) {
                closedByClient = true;
            }
            if (listener == this) {
                stream.close();
            }
        }
    }

    /** A new parser for a new stream (after STARTTLS and after SASL); elements of the old are ignored. */
    private void restartStream() {
        if (parser != null) {
            parser.stop(); // bytes after <starttls/> or <auth/> in the same read belong to no stream
        }
        listener = new Listener();
        parser = new XmppStreamParser(settings.parserLimits(), listener);
        stream.restarted();
    }

    private void opened(StreamHeader header) {
        if (header.language() != null && !header.language().isBlank()) {
            language = header.language();
        }
        stream.header();
        StreamNegotiation.Refusal refusal = negotiation.check(header);
        if (refusal != null) {
            closeWithError(refusal.condition(), refusal.text());
            return;
        }
        connection.write(StreamNegotiation.streamElement(negotiation.features(state)));
    }

    // ------------------------------------------------------------------ the state machine

    private void dispatch(Element e) {
        switch (state) {
            case CONNECTED -> connected(e);
            case AUTHENTICATED -> authenticated(e);
            case BOUND -> bound(e);
            case CLOSED -> {
            }
        }
    }

    private void connected(Element e) {
        if (e.is("starttls", Namespaces.TLS)) {
            if (!negotiation.canStartTls()) {
                connection.write(Element.of("failure", Namespaces.TLS).toXml());
                stream.close();
                return;
            }
            negotiation.secured();
            restartStream();
            connection.startTls(Element.of("proceed", Namespaces.TLS).toXml());
        } else if (e.namespace().equals(Namespaces.SASL)) {
            sasl.element(e);
        } else if (negotiation.mustNegotiateTls()) {
            closeWithError(StreamErrorCondition.POLICY_VIOLATION, "Use STARTTLS first: this server requires encryption.");
        } else if (e.is("iq", Namespaces.CLIENT)) {
            if (!pipeline.beforeBind(this, e)) {
                closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "Log in first.");
            }
        } else if (e.namespace().equals(Namespaces.CLIENT)) {
            closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "Log in first.");
        } else {
            closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unexpected element " + e.name() + ".");
        }
    }

    /** SASL succeeded: the client opens a new stream to bind a resource. */
    private void loggedIn(EntityBareJid who, String successXml) {
        account = who;
        state = SessionState.AUTHENTICATED;
        restartStream();
        connection.write(successXml);
        LOG.debug("session {} authenticated as {}", id, account);
    }

    private void authenticated(Element e) {
        if (e.is("iq", Namespaces.CLIENT)) {
            Optional<Element> bind = ResourceBinding.bindRequest(e);
            if (bind.isPresent()) {
                bind(e, bind.get());
                return;
            }
            if (ResourceBinding.isSessionRequest(e)) {
                connection.write(ResourceBinding.result(e, null, jid));
                return;
            }
            if (pipeline.beforeBind(this, e)) {
                return;
            }
        }
        closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "Bind a resource first.");
    }

    private void bind(Element iq, Element bind) {
        Resourcepart resource;
        try {
            resource = ResourceBinding.resource(bind);
        } catch (IllegalArgumentException ex) {
            connection.write(ResourceBinding.error(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "Invalid resource.")));
            return;
        }
        EntityFullJid full = JidCreate.entityFullFrom(account, resource);
        List<LocalSession> displaced;
        synchronized (binding) {
            if (state == SessionState.CLOSED) {
                return;
            }
            jid = full;
            displaced = registry.bind(this, settings.sessionsPerAccount());
            state = SessionState.BOUND;
        }
        authTimeout.cancel(false);
        for (LocalSession old : displaced) {
            old.closeWithError(StreamErrorCondition.CONFLICT, "This account has logged in from another place.");
        }
        connection.write(ResourceBinding.bound(iq, full));
        LOG.debug("session {} bound {}", id, full);
        keepAlive.start();
        pipeline.sessionBound(this);
    }

    private void bound(Element e) {
        if (keepAlive.answered(e)) {
            return; // proof of reading, for this session alone
        }
        if (ResourceBinding.isSessionRequest(e)) {
            connection.write(ResourceBinding.result(e, null, jid));
        } else if (e.namespace().equals(ClientState.NS)) {
            clientState.indicated(e, this::write);
        } else if (e.namespace().equals(Namespaces.CLIENT)) {
            if (!queue.offer(e)) {
                closeWithError(StreamErrorCondition.RESOURCE_CONSTRAINT, "Too many stanzas sent faster than the server can store them.");
            }
        } else {
            closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unexpected element " + e.name() + ".");
        }
    }

    @Override
    public void closeWithError(StreamErrorCondition condition, String text) {
        stream.closeWithError(condition, text);
    }

    // ------------------------------------------------------------------ Session

    @Override
    public String id() {
        return id;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public boolean isSecure() {
        return negotiation.secure();
    }

    @Override
    public Optional<EntityBareJid> account() {
        return Optional.ofNullable(account);
    }

    @Override
    public Optional<EntityFullJid> jid() {
        return Optional.ofNullable(jid);
    }

    @Override
    public EntityFullJid fullJid() {
        return jid;
    }

    @Override
    public String language() {
        return language;
    }

    @Override
    public Optional<Stanza> presence() {
        return Optional.ofNullable(presence);
    }

    @Override
    public void presence(Stanza broadcast) {
        this.presence = broadcast;
    }

    public SessionState state() {
        return state;
    }

    @Override
    public void send(Stanza stanza) {
        clientState.send(stanza, this::write);
    }

    private void write(Stanza stanza) {
        if (!stream.closing()) {
            unconfirmed.write(stanza, jid, stanza.element().toXml(Namespaces.CLIENT), false);
        } else {
            unconfirmed.notWritten(stanza); // routed here as the stream ends: not lost with it
        }
    }

    @Override
    public java.util.concurrent.CompletionStage<Boolean> sendConfirmed(Stanza stanza) {
        if (stream.closing()) {
            return CompletableFuture.completedFuture(false); // the caller keeps it
        }
        return unconfirmed.write(stanza, jid, stanza.element().toXml(Namespaces.CLIENT), true);
    }

    @Override
    public String toString() {
        return "session " + id + (jid != null ? " " + jid : "");
    }
}
