package org.magpie.server.core;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.tls.ServerTls;
import org.magpie.server.core.routing.Extensions;
import org.magpie.server.core.routing.StanzaProcessor;
import org.magpie.server.core.sasl.Authenticator;
import org.magpie.server.core.sasl.DecoySecret;
import org.magpie.server.core.sasl.CredentialStore;
import org.magpie.server.core.sasl.LoginThrottle;
import org.magpie.server.core.session.ClientSession;
import org.magpie.server.core.session.ClientState;
import org.magpie.server.core.session.DeliverySettings;
import org.magpie.server.core.session.KeepAlive;
import org.magpie.server.core.session.ResumableSessions;
import org.magpie.server.core.session.SessionContext;
import org.magpie.server.core.session.SessionRegistry;
import org.magpie.server.core.session.StreamManagementSettings;
import org.magpie.server.core.session.StreamSettings;
import org.magpie.server.core.transport.ClientListener;
import org.magpie.server.core.transport.ConnectionLimiter;
import org.magpie.server.xml.ParserLimits;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The XMPP server: wires sessions, SASL, TLS and routing together; {@link ClientPort} opens the
 * client port once the plugins are up.
 * Plugin services (IQ handlers, interceptors, session listeners, disco providers) are tracked by
 * {@link ExtensionWhiteboard}, not by references of this component: plugins come and go while sessions
 * stay up, and they reference the router and the sessions without a cycle.
 */
@Component(service = {StanzaRouter.class, SessionManager.class, XmppServer.class}, immediate = true,
        configurationPid = "org.magpie.server", configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ServerConfig.class)
public final class XmppServer implements StanzaRouter, SessionManager {

    private static final Logger LOG = LoggerFactory.getLogger(XmppServer.class);

    private final Extensions extensions = new Extensions();
    private final SessionRegistry registry = new SessionRegistry();
    private final ResumableSessions resumables = new ResumableSessions();
    private final StanzaProcessor processor;
    private final ScheduledExecutorService timer;
    private final ExecutorService continuations;
    private final ClientListener listener;
    private final CredentialStore credentials;
    private final InetSocketAddress address;
    private final ServerInfo info;

    @Activate
    public XmppServer(ServerConfig config, BundleContext context, @Reference ServerInfo info,
            @Reference CredentialStore credentials, @Reference AccountService accounts, @Reference ServerTls tls)
            throws IOException {
        Path dataDir = Path.of(orDefault(context.getProperty("magpie.data.dir"), "data"));
        InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(config.client_address()), config.client_port());
        boolean loopbackOnly = address.getAddress().isLoopbackAddress();
        if (config.sasl_plain_without_tls() && !loopbackOnly) {
            LOG.warn("server.sasl.plain.without.tls is ignored: the client port is not on loopback");
        }
        StreamSettings settings = new StreamSettings(info.domain(), config.tls_required(),
                config.sasl_plain_without_tls() && loopbackOnly, config.sessions_per_account(),
                new ParserLimits(config.limits_stanza_bytes(), 32, 64, 8192),
                Duration.ofSeconds(config.limits_auth_timeout_seconds()),
                new KeepAlive.Settings(Duration.ofSeconds(config.ping_idle_seconds()),
                        Duration.ofSeconds(config.ping_timeout_seconds())));
        ClientListener.Limits limits = new ClientListener.Limits(config.limits_inbound_bytes(),
                config.limits_outbound_bytes(), config.limits_write_timeout_seconds(),
                new ConnectionLimiter.Limits(config.limits_connections_per_address(),
                        config.limits_unauthenticated_per_address(), config.limits_unauthenticated_total()));
        Authenticator authenticator = new Authenticator(credentials, new LoginThrottle(new LoginThrottle.Policy(
                config.login_failures_max(), config.login_failures_address_max(),
                Duration.ofSeconds(config.login_delay_first_seconds()), Duration.ofSeconds(config.login_delay_max_seconds()),
                Duration.ofSeconds(config.login_failures_window_seconds())), Clock.systemUTC()),
                DecoySecret.load(dataDir.resolve("sasl-decoy.secret")));
        DeliverySettings delivery = new DeliverySettings(Duration.ofMillis(Math.max(0, config.delivery_confirm_delay_ms())),
                Math.max(0, config.delivery_unconfirmed_max_messages()), Math.max(0L, config.delivery_unconfirmed_max_bytes()));
        int csiMaxHeld = config.csi_max_held();
        if (csiMaxHeld < 0) {
            throw new IllegalArgumentException("server.csi.max.held must be 0 (off) or more, not " + csiMaxHeld);
        }
        if (csiMaxHeld > 0) {
            extensions.addDiscoProvider(ClientState.STREAM_FEATURE); // XEP-0352 §3, among the features after login
        }
        continuations = Executors.newFixedThreadPool(Math.max(2, config.workers()), r -> {
            Thread t = new Thread(r, "magpie-continuation");
            t.setDaemon(true);
            return t;
        });
        processor = new StanzaProcessor(info.domain(), registry, extensions, accounts, info.version(), continuations);
        ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "magpie-timer");
            t.setDaemon(true);
            return t;
        });
        // every session schedules its login timeout and keep-alive checks, and most are cancelled long
        // before they are due: kept in the queue until then, each would hold its closed session (parser,
        // buffers) for up to a minute: tens of thousands of closed sessions in a login storm
        timers.setRemoveOnCancelPolicy(true);
        timer = timers;
        this.credentials = credentials;
        credentials.onAccountDeleted(username -> registry.terminate(
                JidCreate.entityBareFrom(Localpart.fromOrThrowUnchecked(username), info.domain()),
                StreamErrorCondition.NOT_AUTHORIZED, "This account has been removed."));
        StreamManagementSettings sm = new StreamManagementSettings(config.sm_enabled(),
                Duration.ofSeconds(Math.max(0, config.sm_resume_seconds())),
                Duration.ofMillis(Math.max(0, config.sm_ack_delay_ms())), config.sm_unacked_max());
        SessionContext sessions = new SessionContext(settings, authenticator, registry, processor, true, timer, delivery,
                sm, resumables, csiMaxHeld);
        listener = new ClientListener(tls.context(), config.workers(), limits,
                connection -> new ClientSession(connection, sessions));
        this.address = address;
        this.info = info;
    }

    /**
     * Opens the client port ({@link ClientPort} calls it once the plugins are up).
     *
     * @return the port bound: the setting's, or the one the system picked for a setting of 0
     */
    int listen() throws IOException {
        try {
            listener.bind(address);
        } catch (IOException e) {
            throw new IOException("cannot listen on " + address + ": " + e.getMessage()
                    + " (is another server using the port? see server.client.port)", e);
        }
        LOG.info("Magpie {} serving {} on {}", info.version(), info.domain(), listener.localAddress());
        return listener.localAddress().getPort();
    }

    /** the plugins' extensions, filled by {@link ExtensionWhiteboard} */
    Extensions extensions() {
        return extensions;
    }

    /** Closes the client port; the sessions stay. */
    void stopListening() {
        listener.unbind();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    @Deactivate
    void stop() {
        credentials.onAccountDeleted(null);
        registry.closeAll(StreamErrorCondition.SYSTEM_SHUTDOWN, "The server is shutting down.");
        listener.close();
        timer.shutdownNow();
        continuations.shutdown();
        LOG.info("client port closed");
    }

    // ------------------------------------------------------------------ services

    @Override
    public void route(Stanza stanza) {
        processor.route(stanza);
    }

    @Override
    public CompletionStage<Stanza> request(Stanza iq, Duration timeout) {
        return processor.request(iq, timeout);
    }

    @Override
    public Collection<Session> sessions(EntityBareJid account) {
        return registry.sessions(account);
    }

    @Override
    public Collection<Session> sessions() {
        return registry.sessions();
    }

    @Override
    public int terminate(EntityBareJid account, StreamErrorCondition condition, String text) {
        return registry.terminate(account, condition, text);
    }

    @Override
    public int terminateOthers(Session keep, StreamErrorCondition condition, String text) {
        return registry.terminateOthers(keep, condition, text);
    }
}
