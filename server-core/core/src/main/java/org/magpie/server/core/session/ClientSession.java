package org.magpie.server.core.session;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
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
    /** The transport this session was created for: its events are this session's, or the resumed one's. */
    private final Connection origin;
    /** What this session writes to: {@link #origin}, none while detached, or a connection it was resumed on. */
    private final AttachedConnection connection;
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
    private final StreamManagement sm;
    private final StanzaOutput output;
    private final StreamManagementElements smElements;
    private final BeforeLogin beforeLogin;
    private final StreamManagementSettings smSettings;
    private final ResumableSessions resumables;
    private final Resumption resumption;
    private final ScheduledExecutorService timer;
    /** The earlier session this connection resumed: what arrives here is that session's from then on. */
    private volatile ClientSession resumedInto;
    /** Whether the client ended its stream itself: then what it was sent counts as read. */
    private volatile boolean closedByClient;
    private final KeepAlive keepAlive;

    private final StreamReader reader;
    private volatile SessionState state = SessionState.CONNECTED;
    private volatile String language = "en";
    private volatile EntityBareJid account;
    private volatile EntityFullJid jid;
    private volatile Stanza presence;
    private final ClientState clientState;

    public ClientSession(Connection transport, SessionContext context) {
        this.clientState = new ClientState(context.clientStateMaxHeld());
        this.id = Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        this.origin = transport;
        this.connection = new AttachedConnection(transport);
        this.smSettings = context.streamManagement();
        this.resumables = context.resumables();
        this.resumption = new Resumption(this, resumables, smSettings, context.timer());
        this.timer = context.timer();
        this.settings = context.settings();
        this.registry = context.registry();
        this.pipeline = context.pipeline();
        Authenticator authenticator = context.authenticator();
        this.negotiation = new StreamNegotiation(settings, authenticator, pipeline, context.tlsAvailable(),
                smSettings.enabled());
        this.stream = new StreamWriter(connection, StreamNegotiation.header(id, settings.domain()));
        this.sasl = new SaslNegotiation(connection, authenticator, negotiation, settings.domain(), stream, this::loggedIn);
        this.queue = new StanzaQueue(this, connection, pipeline, () -> state == SessionState.CLOSED);
        this.beforeLogin = new BeforeLogin(negotiation, sasl, connection, stream, pipeline, this, this::restartStream);
        this.reader = new StreamReader(settings.parserLimits(), new Listener());
        restartStream();
        this.keepAlive = new KeepAlive(settings.keepAlive(), timer,
                this::writePing, this::silent, connection::readingSuspended);
        // proof of reading comes from the same pings, and an unanswered one ends the session the same way
        this.unconfirmed = new UnconfirmedMessages(id, context.delivery(), keepAlive::ping, timer, connection);
        this.sm = new StreamManagement(smSettings.maxUnacked());
        this.output = new StanzaOutput(connection, sm, unconfirmed, smSettings, timer, () -> closeWithError(
                StreamErrorCondition.RESOURCE_CONSTRAINT, "More than " + smSettings.maxUnacked()
                        + " stanzas unacknowledged (XEP-0198): acknowledge what you receive."));
        this.smElements = new StreamManagementElements(sm, output, smSettings, connection, this,
                () -> resumption.enable(account));
        // until a resource is bound: a client silent after authenticating is not pinged yet (KeepAlive
        // starts at bind) and would otherwise hold its connection for ever
        this.authTimeout = timer.schedule(this::authTimedOut, settings.authTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    private void authTimedOut() {
        long seconds = settings.authTimeout().toSeconds();
        if (state == SessionState.CONNECTED) {
            closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "Not authenticated within " + seconds + " seconds.");
        } else if (state == SessionState.AUTHENTICATED) {
            closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT,
                    "No resource bound within " + seconds + " seconds of connecting.");
        }
    }

    // ------------------------------------------------------------------ events from the transport

    /** Bytes from the network (plain text: TLS is undone below). */
    public void received(ByteBuffer bytes) {
        if (state == SessionState.CLOSED) {
            return;
        }
        keepAlive.heard();
        try {
            reader.feed(bytes);
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
        ClientSession into = resumedInto;
        if (into != null) {
            // this connection carried an earlier session on: that one decides
            synchronized (binding) {
                state = SessionState.CLOSED;
            }
            authTimeout.cancel(false);
            keepAlive.stop();
            unconfirmed.close(true);
            into.lost(origin);
            return;
        }
        lost(origin);
    }

    /**
     * The transport {@code which} is gone. Ignored when this session no longer writes to it (it was
     * resumed on another); a session whose client may resume it waits for it unless its stream ended.
     */
    private void lost(Connection which) {
        SessionState before;
        synchronized (binding) {
            if (!connection.isCurrent(which)) {
                return;
            }
            if (state == SessionState.BOUND && resumption.enabled() && !stream.closing()) {
                output.detach(); // the session stays bound and waits for its client
                keepAlive.pause();
                reader.stop();
                resumption.startWaiting(this::endDetached);
                LOG.debug("session {} waits {} for its client to resume it", id, smSettings.resume());
                return;
            }
            before = state;
            state = SessionState.CLOSED;
        }
        finish(before);
    }

    private void finish(SessionState before) {
        stream.gone();
        authTimeout.cancel(false);
        keepAlive.stop();
        output.detach();
        resumption.forget();
        if (before == SessionState.BOUND) {
            registry.unbind(this);
            // after unbinding, so nothing routed here later is missed: what the client cannot be sure
            // to have read (all unconfirmed or unacknowledged after a dead connection) is kept for its next login
            List<Stanza> unread = new ArrayList<>(unconfirmed.close(closedByClient));
            List<Stanza> unacknowledged = sm.drainMessagesWorthKeeping();
            if (!closedByClient) {
                unread.addAll(unacknowledged);
            }
            if (!unread.isEmpty()) {
                pipeline.undelivered(this, unread);
            }
            pipeline.sessionClosed(this);
        } else {
            unconfirmed.close(true);
        }
        LOG.debug("session {} closed ({})", id, jid != null ? jid : account != null ? account : "unauthenticated");
    }

    // ------------------------------------------------------------------ stream management (XEP-0198)

    /** Ends the session if it waits for its client: what it was sent and the client did not acknowledge goes offline. */
    private boolean endDetached() {
        synchronized (binding) {
            if (!resumption.stopWaiting()) {
                return false;
            }
            state = SessionState.CLOSED;
        }
        finish(SessionState.BOUND);
        return true;
    }

    private void writePing(Element ping) {
        if (!stream.closing()) {
            output.stanza(ping.withAttribute("from", settings.domain().toString())
                    .withAttribute("to", String.valueOf(jid)).toXml(Namespaces.CLIENT));
        }
    }

    /** No answer to a ping: a resumable session waits for its client, any other ends. */
    private void silent() {
        Connection current = connection.current();
        if (resumption.enabled() && current != null) {
            current.close(); // its disconnection detaches the session
        } else {
            closeWithError(StreamErrorCondition.CONNECTION_TIMEOUT, "No answer to a ping within "
                    + settings.keepAlive().answer().toSeconds() + " seconds.");
        }
    }

    /** {@code <resume/>} on a freshly authenticated stream: this connection takes over an earlier session. */
    private void resume(Element e) {
        ClientSession earlier = Resumption.target(e, resumables, account, isSecure()).orElse(null);
        if (earlier == null) {
            connection.write(StreamManagementElements.failed("item-not-found")); // the client may bind a new resource
            return;
        }
        resumedInto = earlier;
        state = SessionState.RESUMED;
        authTimeout.cancel(false);
        if (!earlier.resumeOn(origin, Resumption.handled(e))) {
            resumedInto = null;
            state = SessionState.AUTHENTICATED;
            connection.write(StreamManagementElements.failed("item-not-found"));
        }
    }

    /** Called by the session that negotiated the client's new connection: this one goes on over it. */
    private boolean resumeOn(Connection transport, long h) {
        Connection left;
        boolean failed;
        synchronized (binding) {
            if (state != SessionState.BOUND) {
                return false;
            }
            left = resumption.stopWaiting() ? null : connection.current();
            if (left != null) {
                // the client's old connection still looked alive to us: it is left behind
                keepAlive.pause();
                reader.stop();
            }
            output.detach();
            failed = output.resumeOn(transport, h, resumption.resumed(sm.handled())) != StreamManagement.Ack.OK;
            if (failed) {
                state = SessionState.CLOSED; // the client's count cannot be right: the session ends below
            } else {
                stream.continuedOnNewStream();
                keepAlive.start();
            }
        }
        if (left != null) {
            left.close();
        }
        if (failed) {
            finish(SessionState.BOUND);
            return false;
        }
        LOG.debug("session {} resumed", id);
        return true;
    }

    /** A stanza or nonza from the connection this session was resumed on. */
    private void fromNewStream(Element e) {
        keepAlive.heard();
        if (state == SessionState.BOUND) {
            bound(e);
        }
    }

    // ------------------------------------------------------------------ the stream

    /** Events of the current stream, on the session's thread. */
    private final class Listener implements StreamListener {
        @Override
        public void streamOpened(StreamHeader header) {
            opened(header);
        }

        @Override
        public void element(Element element) {
            if (state == SessionState.CLOSED) {
                return;
            }
            try {
                ClientSession into = resumedInto;
                if (into != null) {
                    into.fromNewStream(element);
                } else {
                    dispatch(element);
                }
            } catch (RuntimeException e) {
                LOG.error("session {}: failed on {}", id, element.name(), e);
                closeWithError(StreamErrorCondition.INTERNAL_SERVER_ERROR, "Internal server error.");
            }
        }

        @Override
        public void streamClosed() {
            ClientSession into = resumedInto;
            ClientSession ended = into != null ? into : ClientSession.this;
            ended.closedByClient = true; // what it was sent counts as read
            ended.stream.close();
        }
    }

    /** A new stream (after STARTTLS and after SASL) gets its own parser and its own header. */
    private void restartStream() {
        reader.restart();
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
            case CONNECTED -> beforeLogin.element(e);
            case AUTHENTICATED -> authenticated(e);
            case BOUND -> bound(e);
            case RESUMED, CLOSED -> {
            }
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
        if (e.is("resume", StreamManagement.NS)) {
            resume(e);
            return;
        }
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
        if (e.namespace().equals(StreamManagement.NS)) {
            smElements.handle(e);
            return;
        }
        if (e.namespace().equals(Namespaces.CLIENT)) {
            sm.handledOne(); // every stanza counts for XEP-0198, answers to our pings too
        }
        if (keepAlive.answered(e)) {
            return; // proof of reading, for this session alone
        }
        if (ResourceBinding.isSessionRequest(e)) {
            output.stanza(ResourceBinding.result(e, null, jid));
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
        ClientSession into = resumedInto;
        if (into != null) {
            into.closeWithError(condition, text);
        } else if (!endDetached()) {
            stream.closeWithError(condition, text);
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
        clientState.send(stanza, this::write); // held while the client says it is inactive (XEP-0352)
    }

    private void write(Stanza stanza) {
        if (!stream.closing()) {
            output.send(stanza, jid, stanza.element().toXml(Namespaces.CLIENT));
        } else {
            unconfirmed.notWritten(stanza); // routed here as the stream ends: not lost with it
        }
    }

    @Override
    public java.util.concurrent.CompletionStage<Boolean> sendConfirmed(Stanza stanza) {
        if (stream.closing()) {
            return CompletableFuture.completedFuture(false); // the caller keeps it
        }
        return output.sendConfirmed(stanza, jid, stanza.element().toXml(Namespaces.CLIENT));
    }

    @Override
    public String toString() {
        return "session " + id + (jid != null ? " " + jid : "");
    }
}
