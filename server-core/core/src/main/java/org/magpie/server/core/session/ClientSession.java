package org.magpie.server.core.session;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.sasl.Authenticator;
import org.magpie.server.core.sasl.LoginGate;
import org.magpie.server.core.sasl.SaslMechanism;
import org.magpie.server.core.sasl.SaslOutcome;
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
 */
public final class ClientSession implements Session {

    private static final Logger LOG = LoggerFactory.getLogger(ClientSession.class);
    private static final int MAX_SASL_FAILURES = 3;

    private final String id;
    private final Connection connection;
    private final StreamSettings settings;
    private final Authenticator authenticator;
    private final SessionRegistry registry;
    private final StanzaPipeline pipeline;
    private final boolean tlsAvailable;
    private final AtomicBoolean closing = new AtomicBoolean();
    /** Stanzas that arrived while an earlier one waits for its verdict; guarded by itself, as is {@link #processing}. */
    private final java.util.ArrayDeque<Waiting> waiting = new java.util.ArrayDeque<>();
    /** A client that keeps sending while its stanzas cannot be stored is cut off rather than buffered without end. */
    private static final int MAX_WAITING = 10_000;
    private boolean processing;
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
    private volatile boolean headerSent;
    private volatile boolean secure;
    private volatile String language = "en";
    private volatile EntityBareJid account;
    private volatile EntityFullJid jid;
    private volatile Stanza presence;
    private SaslMechanism sasl;
    private int saslFailures;

    public ClientSession(Connection connection, StreamSettings settings, Authenticator authenticator,
            SessionRegistry registry, StanzaPipeline pipeline, boolean tlsAvailable, ScheduledExecutorService timer) {
        this(connection, settings, authenticator, registry, pipeline, tlsAvailable, timer, DeliverySettings.OFF);
    }

    public ClientSession(Connection connection, StreamSettings settings, Authenticator authenticator,
            SessionRegistry registry, StanzaPipeline pipeline, boolean tlsAvailable, ScheduledExecutorService timer,
            DeliverySettings delivery) {
        this.id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        this.connection = connection;
        this.settings = settings;
        this.authenticator = authenticator;
        this.registry = registry;
        this.pipeline = pipeline;
        this.tlsAvailable = tlsAvailable;
        restartStream();
        this.keepAlive = new KeepAlive(settings.keepAlive(), timer,
                ping -> send(ping.withAttribute("from", settings.domain().toString()).withAttribute("to", String.valueOf(jid))),
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
        closing.set(true);
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
            if (listener == this && closing.compareAndSet(false, true)) {
                connection.write("</stream:stream>");
                connection.close();
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
    }

    private void opened(StreamHeader header) {
        if (header.language() != null && !header.language().isBlank()) {
            language = header.language();
        }
        sendHeader();
        if (!Namespaces.CLIENT.equals(header.defaultNamespace())) {
            closeWithError(StreamErrorCondition.INVALID_NAMESPACE, "The stream's namespace must be jabber:client.");
            return;
        }
        if (header.to() != null && !settings.domain().toString().equalsIgnoreCase(header.to())) {
            closeWithError(StreamErrorCondition.HOST_UNKNOWN, "This server serves " + settings.domain() + ".");
            return;
        }
        if (!"1.0".equals(header.version())) {
            closeWithError(StreamErrorCondition.UNSUPPORTED_VERSION, "XMPP version 1.0 is required.");
            return;
        }
        connection.write(streamElement(features()));
    }

    private void sendHeader() {
        if (headerSent) {
            return;
        }
        headerSent = true;
        connection.write("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                + "xmlns:stream='http://etherx.jabber.org/streams' id='" + id + "' from='" + settings.domain()
                + "' version='1.0' xml:lang='en'>");
    }

    private Element features() {
        Element.Builder f = Element.builder("features", Namespaces.STREAMS);
        switch (state) {
            case CONNECTED -> {
                if (!secure && tlsAvailable) {
                    Element.Builder tls = Element.builder("starttls", Namespaces.TLS);
                    if (settings.tlsRequired()) {
                        tls.child(Element.of("required", Namespaces.TLS));
                    }
                    f.child(tls.build());
                }
                if (secure || !settings.tlsRequired() || !tlsAvailable) {
                    Element.Builder mechs = Element.builder("mechanisms", Namespaces.SASL);
                    authenticator.mechanisms(plainAllowed()).forEach(m -> mechs.textChild("mechanism", m));
                    f.child(mechs.build());
                    if (pipeline.registrationAvailable()) {
                        f.child(Element.of("register", Namespaces.REGISTER_FEATURE));
                    }
                }
            }
            case AUTHENTICATED -> {
                f.child(Element.of("bind", Namespaces.BIND));
                f.child(Element.builder("session", Namespaces.SESSION).child(Element.of("optional", Namespaces.SESSION)).build());
                pipeline.streamFeatures().forEach(f::child);
            }
            default -> {
            }
        }
        return f.build();
    }

    private boolean plainAllowed() {
        return secure || settings.plainWithoutTls();
    }

    private boolean mustNegotiateTls() {
        return !secure && tlsAvailable && settings.tlsRequired();
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
            if (secure || !tlsAvailable) {
                connection.write(Element.of("failure", Namespaces.TLS).toXml());
                closeQuietly();
                return;
            }
            secure = true;
            restartStream();
            headerSent = false;
            connection.startTls(Element.of("proceed", Namespaces.TLS).toXml());
        } else if (e.namespace().equals(Namespaces.SASL)) {
            sasl(e);
        } else if (mustNegotiateTls()) {
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

    private void sasl(Element e) {
        SaslOutcome outcome;
        switch (e.name()) {
            case "auth" -> {
                if (mustNegotiateTls()) {
                    saslFailure("encryption-required", "Use STARTTLS before logging in.", null);
                    return;
                }
                String mechanism = e.attribute("mechanism");
                String address = addressKey();
                Optional<SaslMechanism> created = authenticator.create(mechanism, plainAllowed(),
                        username -> authenticator.throttle().retryAfter(address, username));
                if (created.isEmpty()) {
                    saslFailure(plainAllowed() || !"PLAIN".equals(mechanism) ? "invalid-mechanism" : "encryption-required",
                            "Mechanism " + mechanism + " is not offered here.", null);
                    return;
                }
                Duration wait = authenticator.throttle().retryAfter(address, null);
                if (wait.isPositive()) {
                    SaslOutcome.Failure closed = LoginGate.closed(wait);
                    saslFailure(closed.condition(), closed.text(), null);
                    return;
                }
                sasl = created.get();
                byte[] initial = decode(e.text());
                if (initial == null) {
                    sasl = null;
                    saslFailure("incorrect-encoding", "The initial response is not base64.", null);
                    return;
                }
                outcome = sasl.start(initial);
            }
            case "response" -> {
                if (sasl == null) {
                    closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "No authentication in progress.");
                    return;
                }
                byte[] data = decode(e.text());
                if (data == null) {
                    sasl = null;
                    saslFailure("incorrect-encoding", "The response is not base64.", null);
                    return;
                }
                outcome = sasl.respond(data);
            }
            case "abort" -> {
                sasl = null;
                saslFailure("aborted", "Authentication aborted.", null);
                return;
            }
            default -> {
                closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unexpected SASL element " + e.name() + ".");
                return;
            }
        }
        switch (outcome) {
            case SaslOutcome.Challenge c -> connection.write(Element.builder("challenge", Namespaces.SASL)
                    .text(encode(c.data())).build().toXml());
            case SaslOutcome.Success s -> authenticated(s);
            case SaslOutcome.Failure f -> {
                sasl = null;
                saslFailure(f.condition(), f.text(), f.username());
            }
        }
    }

    private void authenticated(SaslOutcome.Success success) {
        sasl = null; // the mechanism asked the throttle before it checked the password
        try {
            account = JidCreate.entityBareFrom(Localpart.from(success.username()), settings.domain());
        } catch (XmppStringprepException ex) {
            saslFailure("not-authorized", "Invalid account name.", null);
            return;
        }
        authenticator.throttle().succeeded(addressKey(), success.username());
        connection.authenticated();
        state = SessionState.AUTHENTICATED;
        restartStream();
        headerSent = false;
        byte[] data = success.additionalData();
        connection.write(Element.builder("success", Namespaces.SASL)
                .text(data == null ? null : Base64.getEncoder().encodeToString(data)).build().toXml());
        LOG.debug("session {} authenticated as {}", id, account);
    }

    private void saslFailure(String condition, String text, String username) {
        if (!"aborted".equals(condition) && !"temporary-auth-failure".equals(condition)) {
            authenticator.throttle().failed(addressKey(), username); // normalised by the mechanism
        }
        connection.write(Element.builder("failure", Namespaces.SASL)
                .child(Element.of(condition, Namespaces.SASL))
                .child(Element.builder("text", Namespaces.SASL).attribute("xml:lang", "en").text(text).build())
                .build().toXml());
        if (++saslFailures >= MAX_SASL_FAILURES) {
            closeQuietly();
        }
    }

    private String addressKey() {
        InetSocketAddress a = connection.remoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }

    private void authenticated(Element e) {
        if (e.is("iq", Namespaces.CLIENT)) {
            Optional<Element> bind = e.child("bind", Namespaces.BIND);
            if (bind.isPresent() && "set".equals(e.attribute("type"))) {
                bind(e, bind.get());
                return;
            }
            if (e.child("session", Namespaces.SESSION).isPresent()) {
                connection.write(result(e, null));
                return;
            }
            if (pipeline.beforeBind(this, e)) {
                return;
            }
        }
        closeWithError(StreamErrorCondition.NOT_AUTHORIZED, "Bind a resource first.");
    }

    private void bind(Element iq, Element bind) {
        String requested = bind.childText("resource").map(String::strip).orElse("");
        Resourcepart resource;
        try {
            resource = requested.isEmpty() ? generatedResource() : Resourcepart.from(requested);
        } catch (XmppStringprepException | IllegalArgumentException ex) {
            connection.write(error(iq, StanzaError.of(StanzaError.Condition.BAD_REQUEST, "Invalid resource.")));
            return;
        }
        EntityFullJid full = JidCreate.entityFullFrom(account, resource);
        List<ClientSession> displaced;
        synchronized (binding) {
            if (state == SessionState.CLOSED) {
                return;
            }
            jid = full;
            displaced = registry.bind(this, settings.sessionsPerAccount());
            state = SessionState.BOUND;
        }
        authTimeout.cancel(false);
        for (ClientSession old : displaced) {
            old.closeWithError(StreamErrorCondition.CONFLICT, "This account has logged in from another place.");
        }
        connection.write(result(iq, Element.builder("bind", Namespaces.BIND).textChild("jid", full.toString()).build()));
        LOG.debug("session {} bound {}", id, full);
        keepAlive.start();
        pipeline.sessionBound(this);
    }

    private static Resourcepart generatedResource() throws XmppStringprepException {
        return Resourcepart.from("magpie-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36));
    }

    private void bound(Element e) {
        if (keepAlive.answered(e)) {
            return; // proof of reading, for this session alone
        }
        if (e.is("iq", Namespaces.CLIENT) && e.child("session", Namespaces.SESSION).isPresent()) {
            connection.write(result(e, null));
        } else if (e.namespace().equals(Namespaces.CLIENT)) {
            synchronized (waiting) {
                if (processing && waiting.size() >= MAX_WAITING) {
                    closeWithError(StreamErrorCondition.RESOURCE_CONSTRAINT, "Too many stanzas sent faster than the server can store them.");
                    return;
                }
                if (processing) {
                    // an earlier stanza still waits for a plugin's verdict; reading stops while too much waits
                    Waiting w = new Waiting(e, Waiting.bytes(e));
                    waiting.add(w);
                    connection.holding(w.bytes());
                    return;
                }
                processing = true;
            }
            process(e);
        } else {
            closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unexpected element " + e.name() + ".");
        }
    }

    /**
     * Hands stanzas to routing one after another. A stanza whose verdict comes later (a durable
     * write) frees this thread; the ones behind it wait here and go on when it is done, in order.
     */
    private void process(Element first) {
        for (Element e = first; e != null; e = nextWaiting()) {
            if (state == SessionState.CLOSED) {
                continue; // what was queued behind a closed stream is dropped, as unread bytes are
            }
            CompletableFuture<Void> done;
            try {
                done = pipeline.fromBoundSession(this, e).toCompletableFuture();
            } catch (RuntimeException ex) {
                LOG.error("session {}: internal error", id, ex);
                done = CompletableFuture.completedFuture(null);
            }
            if (!done.isDone()) {
                done.whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.error("session {}: internal error", id, failure);
                    }
                    process(nextWaiting());
                });
                return;
            }
        }
    }

    private Element nextWaiting() {
        synchronized (waiting) {
            Waiting next = waiting.poll();
            processing = next != null;
            if (next == null) {
                return null;
            }
            connection.holding(-next.bytes());
            return next.element();
        }
    }

    private String result(Element iq, Element payload) {
        Element.Builder r = Element.builder("iq", Namespaces.CLIENT).attribute("type", "result").attribute("id", iq.attribute("id"));
        if (jid != null) {
            r.attribute("to", jid.toString());
        }
        if (payload != null) {
            r.child(payload);
        }
        return r.build().toXml(Namespaces.CLIENT);
    }

    private String error(Element iq, StanzaError error) {
        return Element.builder("iq", Namespaces.CLIENT).attribute("type", "error").attribute("id", iq.attribute("id"))
                .child(error.toElement()).build().toXml(Namespaces.CLIENT);
    }

    private static byte[] decode(String text) {
        String t = text.strip();
        if (t.isEmpty() || t.equals("=")) {
            return new byte[0];
        }
        try {
            return Base64.getMimeDecoder().decode(t);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String encode(byte[] data) {
        return data.length == 0 ? "=" : Base64.getEncoder().encodeToString(data);
    }

    // ------------------------------------------------------------------ closing

    /** Sends a stream error and closes; the first call wins, later ones do nothing. Any thread. */
    public void closeWithError(StreamErrorCondition condition, String text) {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        sendHeader();
        Element.Builder error = Element.builder("error", Namespaces.STREAMS)
                .child(Element.of(condition.xmlName(), Namespaces.STREAM_ERRORS));
        if (text != null) {
            error.child(Element.builder("text", Namespaces.STREAM_ERRORS).attribute("xml:lang", "en").text(text).build());
        }
        connection.write(streamElement(error.build()) + "</stream:stream>");
        connection.close();
    }

    /** Elements of the streams namespace carry the {@code stream:} prefix the stream header declared. */
    private static String streamElement(Element e) {
        StringBuilder sb = new StringBuilder("<stream:").append(e.name()).append('>');
        for (Element child : e.elements()) {
            child.appendXml(sb, null);
        }
        return sb.append("</stream:").append(e.name()).append('>').toString();
    }

    private void closeQuietly() {
        if (closing.compareAndSet(false, true)) {
            connection.write("</stream:stream>");
            connection.close();
        }
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
        return secure;
    }

    @Override
    public Optional<EntityBareJid> account() {
        return Optional.ofNullable(account);
    }

    @Override
    public Optional<EntityFullJid> jid() {
        return Optional.ofNullable(jid);
    }

    /** The bound full JID; only valid once bound. */
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

    /** Remembers the last broadcast presence: null when unavailable. */
    public void presence(Stanza broadcast) {
        this.presence = broadcast;
    }

    /** The priority of the current available presence, or -1 when unavailable. */
    public int priority() {
        Stanza p = presence;
        if (p == null) {
            return -1;
        }
        try {
            return p.element().childText("priority").map(String::strip).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    public SessionState state() {
        return state;
    }

    @Override
    public void send(Stanza stanza) {
        if (!closing.get()) {
            unconfirmed.write(stanza, jid, stanza.element().toXml(Namespaces.CLIENT), false);
        } else {
            unconfirmed.notWritten(stanza); // routed here as the stream ends: not lost with it
        }
    }

    @Override
    public java.util.concurrent.CompletionStage<Boolean> sendConfirmed(Stanza stanza) {
        if (closing.get()) {
            return CompletableFuture.completedFuture(false); // the caller keeps it
        }
        return unconfirmed.write(stanza, jid, stanza.element().toXml(Namespaces.CLIENT), true);
    }

    /** Sends a raw element (used for replies before binding). */
    public void send(Element element) {
        if (!closing.get()) {
            connection.write(element.toXml(Namespaces.CLIENT));
        }
    }

    @Override
    public String toString() {
        return "session " + id + (jid != null ? " " + jid : "");
    }
}
