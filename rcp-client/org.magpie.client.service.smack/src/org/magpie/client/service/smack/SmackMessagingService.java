package org.magpie.client.service.smack;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.ReconnectionManager;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.StreamErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.OrFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.RosterLoadedListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.xml.SmackXmlParser;
import org.jivesoftware.smack.xml.stax.StaxXmlPullParserFactory;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.magpie.client.service.Announcement;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FilterNotice;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServerAdministration;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.service.WeatherService;
import org.magpie.client.service.smack.internal.Backoff;
import org.magpie.client.service.smack.internal.Commands;
import org.magpie.client.service.smack.internal.Contacts;
import org.magpie.client.service.smack.internal.Failures;
import org.magpie.client.service.smack.internal.Failures.Operation;
import org.magpie.client.service.smack.internal.Notices;
import org.magpie.client.service.smack.internal.Groups;
import org.magpie.client.service.smack.internal.History;
import org.magpie.client.service.smack.internal.ScramSha256Mechanism;
import org.magpie.client.service.smack.internal.SmackAdministration;
import org.magpie.client.service.smack.internal.SmackWeather;
import org.magpie.client.service.smack.internal.TofuTrustManager;

/**
 * {@link MessagingService} over XMPP with Smack 4.4: STARTTLS required with trust on first use
 * ({@link TrustStore}), SASL SCRAM-SHA-256 (then SCRAM-SHA-1), XEP-0077 registration with a
 * nickname, chat messages with XEP-0172 nicknames and XEP-0203 delay stamps, reconnection with
 * exponential backoff after a network loss, and friends: Smack's roster with live presence, and
 * friend requests (presence subscriptions, RFC 6121) that the user answers.
 *
 * <p>No Smack type appears in this class's public face. Operations run on the service's own
 * threads; listeners are called in order on one background thread. Thread-safe.
 *
 * <p>In OSGi the bundle registers one instance as a Declarative Services component; other code
 * (tests, a second account) may create more with {@code new}. Call {@link #close()} when done.
 */
public class SmackMessagingService implements MessagingService, AutoCloseable {

    /**
     * Timing.
     *
     * @param connectTimeout TCP connect
     * @param replyTimeout   the server's answers (TLS, SASL, IQs)
     * @param pingInterval   an XMPP ping after this much silence detects a dead connection
     * @param firstRetry     the pause before the first reconnection attempt (doubling from there)
     * @param maxRetry       the longest pause between reconnection attempts
     */
    public record Options(Duration connectTimeout, Duration replyTimeout, Duration pingInterval, Duration firstRetry,
            Duration maxRetry) {

        public static Options defaults() {
            return new Options(Duration.ofSeconds(10), Duration.ofSeconds(15), Duration.ofSeconds(60),
                    Duration.ofSeconds(1), Duration.ofSeconds(60));
        }
    }

    private static final Logger LOG = Logger.getLogger(SmackMessagingService.class.getName());
    /** Sent messages remembered to match the server's error bounce to them. */
    private static final int TRACKED_MESSAGES = 256;
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TrustStore trustStore;
    private final Options options;
    private final Backoff backoff;
    /** The account's groups: each logged-in connection is handed over to them. */
    private final Groups groups;
    /** History pages and the inbox over each logged-in connection. */
    private final History history;
    private final List<MessagingListener> listeners = new CopyOnWriteArrayList<>();
    /** Listener calls, one at a time and in order. */
    private final ExecutorService events;
    /** Blocking work: connecting, logging in, registering, sending. */
    private final ExecutorService work;
    /** Reconnection timers (they hand the attempt to {@link #work}). */
    private final ScheduledExecutorService timer;

    private final Object lock = new Object();
    // guarded by lock
    private ConnectionState state = ConnectionState.OFFLINE;
    private Session session;
    private boolean closed;

    private volatile String usedSaslMechanism;
    private final ServerAdministration administration;
    private final WeatherService weather;

    public SmackMessagingService(TrustStore trustStore) {
        this(trustStore, Options.defaults());
    }

    public SmackMessagingService(TrustStore trustStore, Options options) {
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        this.options = Objects.requireNonNull(options, "options");
        this.backoff = new Backoff(options.firstRetry(), options.maxRetry());
        int n = INSTANCES.incrementAndGet();
        this.events = Executors.newSingleThreadExecutor(daemon("magpie-messaging-" + n + "-events"));
        this.work = Executors.newCachedThreadPool(daemon("magpie-messaging-" + n + "-work"));
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("magpie-messaging-" + n + "-timer"));
        this.groups = new Groups(events, work);
        this.history = new History(events, work, groups);
        prepareSmack();
        Commands commands = new Commands(() -> online().connection(), work);
        this.administration = new SmackAdministration(commands);
        this.weather = new SmackWeather(commands);
    }

    /**
     * Once per JVM: our SCRAM-SHA-256, and Smack's XML parser. Smack finds the parser through
     * ServiceLoader, which in OSGi needs the Service Loader Mediator (Aries SPI Fly) active before
     * smack-xmlparser-stax starts; when it is not, the StAX parser is set by hand.
     */
    private static void prepareSmack() {
        synchronized (SmackMessagingService.class) {
            try {
                SmackXmlParser.getXmlPullParserFactory();
            } catch (IllegalStateException noParserFound) {
                LOG.info("No XML parser found through ServiceLoader; using Smack's StAX parser directly");
                SmackXmlParser.setXmlPullParserFactory(new StaxXmlPullParserFactory());
            }
            ScramSha256Mechanism.register();
            Notices.register();
            Groups.registerProviders();
            History.registerProviders();
        }
    }

    // ================================================================== MessagingService

    @Override
    public CompletableFuture<Void> register(ServerAddress server, String username, String password, String nickname) {
        Objects.requireNonNull(server, "server");
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (isBlank(username) || password == null || password.isEmpty() || isBlank(nickname)) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            Localpart localpart = Localpart.from(username.strip());
            XMPPTCPConnection c = newConnection(server);
            try {
                c.connect();
                Map<String, String> attributes = new LinkedHashMap<>(); // Smack adds username and password to it
                attributes.put("nick", nickname.strip());
                AccountManager.getInstance(c).createAccount(localpart, password, attributes);
            } catch (Exception e) {
                throw Failures.map(e, Operation.REGISTER);
            } finally {
                c.disconnect();
            }
            result.complete(null);
        }, Operation.REGISTER);
        return result;
    }

    @Override
    public CompletableFuture<String> login(ServerAddress server, String username, String password) {
        Objects.requireNonNull(server, "server");
        CompletableFuture<String> result = new CompletableFuture<>();
        if (isBlank(username) || password == null || password.isEmpty()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        Session s = new Session(server, username.strip(), password);
        synchronized (lock) {
            if (closed) {
                result.completeExceptionally(new ServiceException(FailureKind.OTHER, "The messaging service was closed."));
                return result;
            }
            if (session != null) {
                result.completeExceptionally(new ServiceException(FailureKind.OTHER,
                        "Already logged in (or logging in) as " + session.username + "; log out first."));
                return result;
            }
            session = s;
            setState(ConnectionState.CONNECTING);
        }
        Runnable attempt = () -> {
            try {
                Link link = connectAndLogin(s);
                String nickname = ownNickname(link.connection, s.username);
                synchronized (lock) {
                    if (session != s) {
                        link.connection.disconnect();
                        throw new ServiceException(FailureKind.OTHER, "Logged out while logging in.");
                    }
                    s.account = link.connection.getUser().asEntityBareJidString();
                    s.nickname = nickname;
                    promote(s, link);
                }
                result.complete(s.account);
            } catch (ServiceException e) {
                result.completeExceptionally(loginFailed(s, e));
            } catch (RuntimeException | Error e) {
                result.completeExceptionally(loginFailed(s, new ServiceException(FailureKind.OTHER, null, e)));
                if (e instanceof Error error) {
                    throw error;
                }
            }
        };
        try {
            work.execute(attempt);
        } catch (RejectedExecutionException e) {
            synchronized (lock) {
                session = null;
            }
            result.completeExceptionally(new ServiceException(FailureKind.OTHER, "The messaging service was closed."));
        }
        return result;
    }

    /** Back to OFFLINE after a failed login, unless the user logged out meanwhile. */
    private ServiceException loginFailed(Session s, ServiceException e) {
        synchronized (lock) {
            if (session != s) {
                return new ServiceException(FailureKind.OTHER, "Logged out while logging in.", e);
            }
            session = null;
            setState(ConnectionState.OFFLINE);
            return e;
        }
    }

    @Override
    public void logout() {
        Session s;
        synchronized (lock) {
            s = session;
            if (s == null) {
                return;
            }
            end(s, SessionEnd.LOGGED_OUT);
        }
        disconnect(s);
    }

    @Override
    public ConnectionState state() {
        synchronized (lock) {
            return state;
        }
    }

    @Override
    public String account() {
        synchronized (lock) {
            return session == null ? null : session.account;
        }
    }

    @Override
    public String nickname() {
        synchronized (lock) {
            return session == null ? null : session.nickname;
        }
    }

    @Override
    public CompletableFuture<ChatMessage> send(String to, String text) {
        CompletableFuture<ChatMessage> result = new CompletableFuture<>();
        if (isBlank(to) || text == null || text.isEmpty()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            Session s;
            XMPPTCPConnection c;
            synchronized (lock) {
                s = session;
                c = s == null || s.link == null || state != ConnectionState.ONLINE ? null : s.link.connection;
            }
            if (c == null) {
                throw new ServiceException(FailureKind.UNREACHABLE, null);
            }
            EntityBareJid recipient = JidCreate.entityBareFrom(to.strip());
            Message message = c.getStanzaFactory().buildMessageStanza()
                    .to(recipient)
                    .ofType(Message.Type.chat)
                    .setBody(text)
                    .addExtension(new Nick(s.nickname))
                    .build();
            ChatMessage sent = new ChatMessage(recipient.toString(), s.account, s.nickname, text, Instant.now(), true);
            synchronized (s.sent) {
                s.sent.put(message.getStanzaId(), sent);
            }
            c.sendStanza(message);
            result.complete(sent);
        }, Operation.SEND);
        return result;
    }

    @Override
    public void addListener(MessagingListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeListener(MessagingListener listener) {
        listeners.remove(listener);
    }

    // ================================================================== friends

    @Override
    public List<Contact> contacts() {
        Session s;
        synchronized (lock) {
            s = session;
        }
        Link link = s == null ? null : s.latest;
        return link == null ? List.of() : Contacts.of(link.roster);
    }

    @Override
    public List<FriendRequest> friendRequests() {
        Session s;
        synchronized (lock) {
            s = session;
        }
        if (s == null) {
            return List.of();
        }
        synchronized (s.requests) {
            return List.copyOf(s.requests.values());
        }
    }

    @Override
    public CompletableFuture<Void> requestFriend(String account, String greeting) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (isBlank(account)) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            Online o = online();
            EntityBareJid contact = JidCreate.entityBareFrom(account.strip());
            if (contact.toString().equals(o.session.account)) {
                throw new ServiceException(FailureKind.INVALID_INPUT, "You cannot add yourself as a friend.");
            }
            RosterEntry entry = o.link.roster.getEntry(contact);
            if (entry != null && entry.canSeeHisPresence()) {
                throw new ServiceException(FailureKind.ALREADY_FRIENDS, null);
            }
            PresenceBuilder request = o.connection().getStanzaFactory().buildPresenceStanza()
                    .ofType(Presence.Type.subscribe)
                    .to(contact)
                    .addExtension(new Nick(o.session.nickname));
            if (!isBlank(greeting)) {
                request.setStatus(greeting.strip()); // RFC 6121 3.1.1: the status of a request is shown with it
            }
            Presence presence = request.build();
            StanzaCollector errors = o.connection().createStanzaCollectorAndSend(new AndFilter(
                    PresenceTypeFilter.ERROR,
                    new OrFilter(new StanzaIdFilter(presence.getStanzaId()), FromMatchesFilter.createBare(contact))),
                    presence);
            try {
                // the server handles a session's stanzas in order: a refusal of the request comes before the pong
                if (!PingManager.getInstanceFor(o.connection()).pingMyServer(false)) {
                    throw new ServiceException(FailureKind.TIMEOUT, null);
                }
                Presence error = errors.pollResult();
                if (error != null) {
                    StanzaError e = error.getError();
                    throw new ServiceException(Failures.kind(e, Operation.FRIENDS), Failures.text(e));
                }
            } finally {
                errors.cancel();
            }
            result.complete(null);
        }, Operation.FRIENDS);
        return result;
    }

    @Override
    public CompletableFuture<Void> acceptRequest(String account) {
        return answer(account, true);
    }

    @Override
    public CompletableFuture<Void> rejectRequest(String account) {
        return answer(account, false);
    }

    private CompletableFuture<Void> answer(String account, boolean accept) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (isBlank(account)) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            Online o = online();
            EntityBareJid requester = JidCreate.entityBareFrom(account.strip());
            if (accept) {
                approve(o.session, o.link, requester);
            } else {
                send(o.link, Presence.Type.unsubscribed, requester, null);
            }
            synchronized (o.session.requests) {
                o.session.requests.remove(requester.toString());
            }
            result.complete(null);
        }, Operation.FRIENDS);
        return result;
    }

    /** Accepts a request: subscribed, and a request back unless this user sees the requester (or asked) already. */
    private void approve(Session s, Link link, BareJid requester) throws Exception {
        send(link, Presence.Type.subscribed, requester, null);
        if (!Contacts.askedOrSees(link.roster.getEntry(requester))) {
            send(link, Presence.Type.subscribe, requester, s.nickname);
        }
    }

    @Override
    public CompletableFuture<Void> removeFriend(String account) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (isBlank(account)) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            Online o = online();
            EntityBareJid contact = JidCreate.entityBareFrom(account.strip());
            RosterEntry entry = o.link.roster.getEntry(contact);
            if (entry != null) {
                // the server ends both subscriptions and tells the contact (RFC 6121 2.5.2)
                o.link.roster.removeEntry(entry);
            }
            result.complete(null);
        }, Operation.FRIENDS);
        return result;
    }

    private record Online(Session session, Link link) {
        XMPPTCPConnection connection() {
            return link.connection;
        }
    }

    /** The logged-in session and its connection, or UNREACHABLE while offline or reconnecting. */
    private Online online() throws ServiceException {
        synchronized (lock) {
            Session s = session;
            if (s == null || s.link == null || state != ConnectionState.ONLINE) {
                throw new ServiceException(FailureKind.UNREACHABLE, null);
            }
            return new Online(s, s.link);
        }
    }

    private static void send(Link link, Presence.Type type, BareJid to, String nick) throws Exception {
        PresenceBuilder p = link.connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(to);
        if (nick != null) {
            p.addExtension(new Nick(nick));
        }
        link.connection.sendStanza(p.build());
    }

    // ================================================================== beyond the interface

    /** The server's administration commands, run over this service's session (since 1.3). */
    public ServerAdministration administration() {
        return administration;
    }

    /** The server's weather, asked over this service's session (since 1.3). */
    public WeatherService weather() {
        return weather;
    }

    /** The groups of the account logged in here (since 1.3). */
    public GroupService groups() {
        return groups;
    }

    /** History pages and the inbox of the account logged in here (since 1.4). */
    public HistoryService history() {
        return history;
    }

    /** The logged-in connection, for the file transfers of this package (since 1.5); UNREACHABLE while offline. */
    XMPPTCPConnection filesConnection() throws ServiceException {
        return online().connection();
    }

    /** The server logged in to, for the file transfers' HTTPS trust (since 1.5); UNREACHABLE while offline. */
    ServerAddress filesServer() throws ServiceException {
        return online().session.server;
    }

    TrustStore trustStore() {
        return trustStore;
    }

    /** The SASL mechanism of the last successful login, e.g. "SCRAM-SHA-256", or null. */
    public String usedSaslMechanism() {
        return usedSaslMechanism;
    }

    /** Logs out and stops the service's threads; the service cannot be used afterwards. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        logout();
        timer.shutdownNow();
        work.shutdown();
        events.shutdown(); // the queued calls (LOGGED_OUT, OFFLINE) are still delivered
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ================================================================== connections

    /** One login: from login() to logout() or the server's end of the session, across reconnections. */
    private static final class Session {
        final ServerAddress server;
        final String username;
        final String password;
        // guarded by the service's lock
        String account;
        String nickname;
        /** The logged-in connection, or null while (re)connecting. */
        Link link;
        /** The connection being set up, so that logout() can cut it short. */
        Link connecting;
        /** Failed reconnection attempts since the connection was lost. */
        int failures;
        ScheduledFuture<?> retry;
        /** The newest connection of the session: its roster is the contact list (older ones are ignored). */
        volatile Link latest;
        /** Friend requests received and not answered yet, by requester (guarded by itself). */
        final Map<String, FriendRequest> requests = new LinkedHashMap<>();
        /** Sent messages by stanza id, to give an error bounce its message back. */
        final Map<String, ChatMessage> sent = new LinkedHashMap<>() {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ChatMessage> eldest) {
                return size() > TRACKED_MESSAGES;
            }
        };

        Session(ServerAddress server, String username, String password) {
            this.server = server;
            this.username = username;
            this.password = password;
        }
    }

    /** One XMPP connection and how it ended, if it did. */
    private static final class Link {
        final XMPPTCPConnection connection;
        final Roster roster;
        volatile boolean closed;
        volatile Exception closedWith;
        /** Subscription requests that came before the roster: they wait for it (guarded by this link). */
        final List<Presence> early = new ArrayList<>();

        Link(XMPPTCPConnection connection) {
            this.connection = connection;
            this.roster = Roster.getInstanceFor(connection);
        }
    }

    private XMPPTCPConnection newConnection(ServerAddress server) throws Exception {
        TofuTrustManager trust = new TofuTrustManager(trustStore, server.host(), server.port());
        XMPPTCPConnectionConfiguration.Builder config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(server.domain())
                .setHostAddress(address(server.host()))
                .setPort(server.port())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .setHostnameVerifier(trust)
                .setConnectTimeout((int) options.connectTimeout().toMillis())
                .setLanguage(Locale.getDefault())
                .setSendPresence(true); // the initial presence, right after login
        XMPPTCPConnection c = new XMPPTCPConnection(config.build());
        c.setReplyTimeout(options.replyTimeout().toMillis());
        ReconnectionManager.getInstanceFor(c).disableAutomaticReconnection(); // ours has the backoff we want
        Roster roster = Roster.getInstanceFor(c);
        roster.setRosterLoadedAtLogin(true);
        // friend requests are the user's to answer, never Smack's (its default rejects them all)
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        return c;
    }

    /** Resolves the host here (one place for errors; Smack's own resolver is optional in OSGi). */
    private static InetAddress address(String host) throws UnknownHostException {
        return InetAddress.getByName(host.strip());
    }

    /** Connects and logs in for the session; the connection reports to the session from the start. */
    private Link connectAndLogin(Session s) throws ServiceException {
        Link link;
        try {
            link = new Link(newConnection(s.server));
        } catch (Exception e) {
            throw Failures.map(e, Operation.LOGIN);
        }
        XMPPTCPConnection c = link.connection;
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosed() {
                closed(s, link, null);
            }

            @Override
            public void connectionClosedOnError(Exception e) {
                closed(s, link, e);
            }
        });
        c.addSyncStanzaListener(stanza -> received(s, (Message) stanza), StanzaTypeFilter.MESSAGE);
        listenToRoster(s, link);
        PingManager ping = PingManager.getInstanceFor(c);
        ping.setPingInterval((int) Math.max(1, options.pingInterval().toSeconds()));
        ping.registerPingFailedListener(() -> pingFailed(s, link));
        synchronized (lock) {
            if (session != s) {
                throw new ServiceException(FailureKind.OTHER, "Logged out.");
            }
            s.connecting = link;
            s.latest = link;
        }
        try {
            c.connect();
            c.login(s.username, s.password);
            usedSaslMechanism = c.getUsedSaslMechansism();
            return link;
        } catch (Exception e) {
            c.disconnect();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw Failures.map(e, Operation.LOGIN);
        } finally {
            synchronized (lock) {
                if (s.connecting == link) {
                    s.connecting = null;
                }
            }
        }
    }

    /** The account's nickname from its registration (XEP-0077 get), else the username. */
    private String ownNickname(XMPPTCPConnection c, String username) {
        try {
            String nick = AccountManager.getInstance(c).getAccountAttribute("nick");
            if (!isBlank(nick)) {
                return nick.strip();
            }
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            LOG.log(Level.FINE, "No nickname from the server; using the account name", e);
        }
        return c.getUser() == null ? username : c.getUser().getLocalpart().toString();
    }

    /** Makes a logged-in connection the session's (lock held). */
    private void promote(Session s, Link link) {
        s.link = link;
        s.failures = 0;
        if (link.closed) {
            // it died between login and now: handle that as if it had happened now
            s.link = null;
            lost(s, link.closedWith);
        } else {
            setState(ConnectionState.ONLINE);
            groups.online(link.connection, s.account, s.nickname);
            history.online(link.connection, s.account, s.nickname);
        }
    }

    /** Smack: the connection ended (our disconnect, the server's close, or an error). */
    private void closed(Session s, Link link, Exception e) {
        link.closedWith = e;
        link.closed = true;
        synchronized (lock) {
            if (session != s || s.link != link) {
                return; // an old connection, or one still being set up (its attempt reports itself)
            }
            s.link = null;
            lost(s, e);
        }
    }

    /** The session's connection is gone (lock held): end the session or reconnect. */
    private void lost(Session s, Exception e) {
        if (e instanceof StreamErrorException se) {
            StreamError.Condition condition = se.getStreamError().getCondition();
            if (condition == StreamError.Condition.conflict) {
                LOG.info(() -> s.account + " logged in from another place; this session ends");
                end(s, SessionEnd.LOGGED_IN_ELSEWHERE);
                return;
            }
            if (condition == StreamError.Condition.not_authorized) {
                LOG.info(() -> s.account + " was removed; this session ends");
                end(s, SessionEnd.ACCOUNT_REMOVED);
                return;
            }
            if (condition == StreamError.Condition.policy_violation) {
                LOG.info(() -> s.account + ": an administrator ended this session");
                end(s, SessionEnd.ENDED_BY_ADMINISTRATOR);
                return;
            }
        }
        LOG.log(Level.INFO, "Connection of " + s.account + " lost; reconnecting", e);
        setState(ConnectionState.RECONNECTING);
        scheduleReconnect(s);
    }

    private void pingFailed(Session s, Link link) {
        synchronized (lock) {
            if (session != s || s.link != link) {
                return;
            }
            link.closed = true;
            s.link = null;
            LOG.info(() -> "The server did not answer a ping; reconnecting " + s.account);
            setState(ConnectionState.RECONNECTING);
            scheduleReconnect(s);
        }
        try {
            work.execute(link.connection::instantShutdown);
        } catch (RejectedExecutionException closing) {
            link.connection.instantShutdown();
        }
    }

    /** Lock held. */
    private void scheduleReconnect(Session s) {
        Duration delay = backoff.delay(s.failures);
        LOG.fine(() -> "Reconnecting " + s.account + " in " + delay.toMillis() + " ms");
        try {
            s.retry = timer.schedule(() -> work.execute(() -> reconnect(s)), delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            // the service is closing
        }
    }

    private void reconnect(Session s) {
        synchronized (lock) {
            if (session != s) {
                return;
            }
            s.retry = null;
        }
        try {
            Link link = connectAndLogin(s);
            synchronized (lock) {
                if (session != s) {
                    link.connection.disconnect();
                    return;
                }
                LOG.info(() -> s.account + " is back online");
                promote(s, link);
            }
        } catch (ServiceException e) {
            synchronized (lock) {
                if (session != s) {
                    return;
                }
                s.failures++;
                if (e.kind() == FailureKind.WRONG_CREDENTIALS) {
                    // the account is gone (or its password changed elsewhere): retrying would only lock it
                    LOG.info(() -> "The server refused " + s.account + "'s credentials on reconnection: " + e.getMessage());
                    end(s, SessionEnd.ACCOUNT_REMOVED);
                    return;
                }
                LOG.log(Level.FINE, "Reconnection attempt " + s.failures + " for " + s.account + " failed", e);
                scheduleReconnect(s);
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reconnection attempt failed unexpectedly", e);
            synchronized (lock) {
                if (session == s) {
                    s.failures++;
                    scheduleReconnect(s);
                }
            }
        }
    }

    /** Ends the session for good (lock held): listeners hear the reason, then OFFLINE. */
    private void end(Session s, SessionEnd reason) {
        if (session != s) {
            return;
        }
        session = null;
        if (s.retry != null) {
            s.retry.cancel(false);
            s.retry = null;
        }
        emit(l -> l.sessionEnded(reason));
        emit(l -> l.contactsChanged(List.of()));
        groups.offline();
        history.offline();
        setState(ConnectionState.OFFLINE);
        if (reason != SessionEnd.LOGGED_OUT) {
            Link link = s.link;
            s.link = null;
            if (link != null) {
                try {
                    work.execute(link.connection::instantShutdown);
                } catch (RejectedExecutionException closing) {
                    link.connection.instantShutdown();
                }
            }
        }
    }

    /** Closes the session's connections after logout (not holding the lock: it sends unavailable presence). */
    private void disconnect(Session s) {
        Link link;
        Link connecting;
        synchronized (lock) {
            link = s.link;
            connecting = s.connecting;
            s.link = null;
            s.connecting = null;
        }
        Runnable close = () -> {
            if (link != null) {
                link.connection.disconnect();
            }
            if (connecting != null) {
                connecting.connection.instantShutdown();
            }
        };
        try {
            work.execute(close);
        } catch (RejectedExecutionException closing) {
            close.run();
        }
    }

    // ================================================================== messages

    private void received(Session s, Message m) {
        synchronized (lock) {
            if (session != s) {
                return;
            }
        }
        if (groups.owns(m)) {
            return; // the groups' messages (and their errors) are the groups' business
        }
        Jid from = m.getFrom();
        if (m.getType() == Message.Type.error) {
            bounced(s, m);
            return;
        }
        if (History.owns(m)) {
            return; // a read in another session: the history's business
        }
        if (m.getType() == Message.Type.headline) {
            fromServer(s, m);
            return;
        }
        if (m.getType() != Message.Type.chat && m.getType() != Message.Type.normal) {
            return; // groupchat and headline are not handled (yet)
        }
        String body = m.getBody();
        if (body == null || from == null) {
            return; // chat states, receipts and the like
        }
        String sender = from.asBareJid().toString();
        String nickname = Contacts.nickname(m);
        if (nickname == null) {
            nickname = from.getLocalpartOrNull() != null ? from.getLocalpartOrNull().toString() : sender;
        }
        DelayInformation delay = DelayInformation.from(m);
        Instant time = delay != null && delay.getStamp() != null ? delay.getStamp().toInstant() : Instant.now();
        ChatMessage message = new ChatMessage(sender, sender, nickname, body, time, false);
        emit(l -> l.messageReceived(message));
    }

    /** The server (or the other side) sent one of our messages back with an error. */
    private void bounced(Session s, Message m) {
        ChatMessage original;
        synchronized (s.sent) {
            original = m.getStanzaId() == null ? null : s.sent.remove(m.getStanzaId());
        }
        if (original == null) {
            Jid from = m.getFrom();
            String to = from == null ? "" : from.asBareJid().toString();
            String account = s.account == null ? "" : s.account;
            String nick = s.nickname == null ? account : s.nickname;
            original = new ChatMessage(to, account, nick, m.getBody() == null ? "" : m.getBody(), Instant.now(), true);
        }
        ChatMessage failed = original;
        FilterNotice blocked = Notices.blocked(m.getError());
        if (blocked != null) {
            emit(l -> l.messageFiltered(failed, blocked));
            return;
        }
        String text = Failures.text(m.getError());
        FailureKind kind = m.getError() == null ? FailureKind.OTHER : Failures.kind(m.getError(), Operation.SEND);
        ServiceException reason = new ServiceException(kind,
                text != null ? text : m.getError() == null ? null : m.getError().getCondition().toString());
        emit(l -> l.messageFailed(failed, reason));
    }

    /** A headline from the server itself: the word filter's warning about a sent message, or an announcement. */
    private void fromServer(Session s, Message m) {
        if (!Notices.fromServer(m, s.server.domain())) {
            return; // headlines from anybody else are not the server's word
        }
        FilterNotice masked = Notices.masked(m);
        if (masked != null) {
            String id = Notices.originalId(m);
            ChatMessage original;
            synchronized (s.sent) {
                original = id == null ? null : s.sent.get(id);
            }
            if (original != null) {
                emit(l -> l.messageFiltered(original, masked));
            }
            return;
        }
        Announcement announcement = Notices.announcement(m);
        if (announcement != null) {
            emit(l -> l.announcementReceived(announcement));
        }
    }

    // ================================================================== roster events

    /** Reports the connection's roster and requests while it is the session's newest. */
    private void listenToRoster(Session s, Link link) {
        link.roster.addRosterLoadedListener(new RosterLoadedListener() {
            @Override
            public void onRosterLoaded(Roster roster) {
                List<Presence> waiting;
                synchronized (link) {
                    waiting = new ArrayList<>(link.early);
                    link.early.clear();
                }
                rosterChanged(s, link);
                waiting.forEach(p -> subscribeReceived(s, link, p));
            }

            @Override
            public void onRosterLoadingFailed(Exception e) {
                LOG.log(Level.WARNING, "The contact list could not be loaded", e);
            }
        });
        link.roster.addRosterListener(new RosterListener() {
            @Override
            public void entriesAdded(java.util.Collection<Jid> addresses) {
                rosterChanged(s, link);
            }

            @Override
            public void entriesUpdated(java.util.Collection<Jid> addresses) {
                rosterChanged(s, link);
            }

            @Override
            public void entriesDeleted(java.util.Collection<Jid> addresses) {
                rosterChanged(s, link);
            }

            @Override
            public void presenceChanged(Presence presence) {
                if (current(s, link) && presence.getFrom() != null) {
                    RosterEntry entry = link.roster.getEntry(presence.getFrom().asBareJid());
                    if (entry != null) {
                        Contact contact = Contacts.of(link.roster, entry);
                        emit(l -> l.contactChanged(contact));
                    }
                }
            }
        });
        link.connection.addSyncStanzaListener(p -> {
            synchronized (link) {
                if (!link.roster.isLoaded()) {
                    link.early.add((Presence) p); // handled once the roster tells who asked whom
                    return;
                }
            }
            subscribeReceived(s, link, (Presence) p);
        }, new AndFilter(StanzaTypeFilter.PRESENCE, PresenceTypeFilter.SUBSCRIBE));
    }

    private boolean current(Session s, Link link) {
        synchronized (lock) {
            return session == s && s.latest == link;
        }
    }

    private void rosterChanged(Session s, Link link) {
        if (!current(s, link)) {
            return;
        }
        List<Contact> contacts = Contacts.of(link.roster);
        synchronized (s.requests) {
            // a request answered in another session of this account
            for (Contact c : contacts) {
                if (c.subscription() == Contact.Subscription.FROM || c.subscription() == Contact.Subscription.BOTH) {
                    s.requests.remove(c.account());
                }
            }
        }
        emit(l -> l.contactsChanged(contacts));
    }

    /**
     * A subscription request. The request back of someone who accepted this user's request is
     * approved at once (the user asked first); every other one is the user's to answer.
     */
    private void subscribeReceived(Session s, Link link, Presence p) {
        if (!current(s, link) || p.getFrom() == null) {
            return;
        }
        BareJid from = p.getFrom().asBareJid();
        RosterEntry entry = link.roster.getEntry(from);
        if (Contacts.askedOrSees(entry)) {
            try {
                work.execute(() -> {
                    try {
                        send(link, Presence.Type.subscribed, from, null);
                    } catch (Exception e) {
                        LOG.log(Level.INFO, "Could not approve the request back of " + from, e);
                    }
                });
            } catch (RejectedExecutionException closing) {
                // the service is closing
            }
            return;
        }
        FriendRequest request = Contacts.request(p);
        synchronized (s.requests) {
            s.requests.put(request.from(), request);
        }
        emit(l -> l.friendRequestReceived(request));
    }

    // ================================================================== plumbing

    /** Lock held. Listeners hear every change once, in order. */
    private void setState(ConnectionState newState) {
        if (state != newState) {
            state = newState;
            emit(l -> l.stateChanged(newState));
        }
    }

    private void emit(Consumer<MessagingListener> call) {
        try {
            events.execute(() -> {
                for (MessagingListener l : listeners) {
                    try {
                        call.accept(l);
                    } catch (RuntimeException e) {
                        LOG.log(Level.WARNING, "A messaging listener failed", e);
                    }
                }
            });
        } catch (RejectedExecutionException closed) {
            LOG.fine("Service closed; event dropped");
        }
    }

    @FunctionalInterface
    private interface Work {
        void run() throws Exception;
    }

    /** Runs blocking work off the caller's thread; failures complete the future as ServiceException. */
    private void submit(CompletableFuture<?> result, Work task, Operation operation) {
        try {
            work.execute(() -> {
                try {
                    task.run();
                } catch (Exception e) {
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                    }
                    result.completeExceptionally(Failures.map(e, operation));
                } catch (Error e) { // e.g. a class missing at run time: the caller must not wait forever
                    result.completeExceptionally(new ServiceException(FailureKind.OTHER, null, e));
                    throw e;
                }
            });
        } catch (RejectedExecutionException e) {
            result.completeExceptionally(new ServiceException(FailureKind.OTHER, "The messaging service was closed."));
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
