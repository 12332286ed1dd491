package org.magpie.client.service.smack;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServerAdministration;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.WeatherService;
import org.magpie.client.service.smack.internal.Async;
import org.magpie.client.service.smack.internal.Backoff;
import org.magpie.client.service.smack.internal.ChatManager;
import org.magpie.client.service.smack.internal.Commands;
import org.magpie.client.service.smack.internal.Connector;
import org.magpie.client.service.smack.internal.DeliveryReports;
import org.magpie.client.service.smack.internal.Failures.Operation;
import org.magpie.client.service.smack.internal.FriendRequests;
import org.magpie.client.service.smack.internal.FriendsManager;
import org.magpie.client.service.smack.internal.Groups;
import org.magpie.client.service.smack.internal.History;
import org.magpie.client.service.smack.internal.Managers;
import org.magpie.client.service.smack.internal.SentMessages;
import org.magpie.client.service.smack.internal.SessionKeeper;
import org.magpie.client.service.smack.internal.SmackAdministration;
import org.magpie.client.service.smack.internal.SmackWeather;

/**
 * {@link MessagingService} over XMPP with Smack 4.4: STARTTLS required with trust on first use
 * ({@link TrustStore}), SASL SCRAM-SHA-256 (then SCRAM-SHA-1), XEP-0077 registration with a
 * nickname, chat messages with XEP-0172 nicknames and XEP-0203 delay stamps, reconnection with
 * exponential backoff after a network loss, and friends: Smack's roster with live presence, and
 * friend requests (presence subscriptions, RFC 6121) that the user answers.
 *
 * <p>The service is the façade of its parts: the {@link SessionKeeper} keeps the session across
 * reconnections; each connection gets its feature managers from the service's {@link Managers}
 * registry (private chats, delivery reports, friends), the way Smack's
 * {@code XyzManager.getInstanceFor(connection)} works but without static maps; the groups and the
 * history hear every logged-in connection.
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

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final TrustStore trustStore;
    private final Connector connector;
    private final SessionKeeper keeper;
    /** The feature managers of each connection. */
    private final Managers managers = new Managers();
    private final SentMessages sent = new SentMessages();
    private final FriendRequests requests = new FriendRequests();
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
    private final ServerAdministration administration;
    private final WeatherService weather;

    public SmackMessagingService(TrustStore trustStore) {
        this(trustStore, Options.defaults());
    }

    public SmackMessagingService(TrustStore trustStore, Options options) {
        this.trustStore = Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(options, "options");
        int n = INSTANCES.incrementAndGet();
        this.events = Executors.newSingleThreadExecutor(Async.daemon("magpie-messaging-" + n + "-events"));
        this.work = Executors.newCachedThreadPool(Async.daemon("magpie-messaging-" + n + "-work"));
        this.timer = Executors.newSingleThreadScheduledExecutor(Async.daemon("magpie-messaging-" + n + "-timer"));
        this.groups = new Groups(events, work);
        this.history = new History(events, work, groups);
        Connector.prepareSmack();
        this.connector = new Connector(trustStore, options.connectTimeout(), options.replyTimeout());
        this.keeper = new SessionKeeper(connector, managers, new Backoff(options.firstRetry(), options.maxRetry()),
                options.pingInterval(), listeners, List.of(groups, history), events, work, timer, () -> {
                    sent.clear();
                    requests.clear();
                });
        managers.register(ChatManager.class, c -> new ChatManager(c, keeper, sent, groups::owns))
                .register(DeliveryReports.class, c -> new DeliveryReports(c, keeper, sent, groups::owns))
                .register(FriendsManager.class, c -> new FriendsManager(c, keeper, requests));
        Commands commands = new Commands(() -> keeper.online().connection(), work);
        this.administration = new SmackAdministration(commands);
        this.weather = new SmackWeather(commands);
    }

    // ================================================================== MessagingService

    @Override
    public CompletableFuture<Void> register(ServerAddress server, String username, String password, String nickname) {
        Objects.requireNonNull(server, "server");
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (isBlank(username) || password == null || password.isEmpty() || isBlank(nickname)) {
            return invalid(result);
        }
        Async.submit(work, result, Operation.REGISTER, () -> {
            connector.register(server, username.strip(), password, nickname.strip());
            result.complete(null);
        });
        return result;
    }

    @Override
    public CompletableFuture<String> login(ServerAddress server, String username, String password) {
        Objects.requireNonNull(server, "server");
        if (isBlank(username) || password == null || password.isEmpty()) {
            return invalid(new CompletableFuture<>());
        }
        return keeper.login(server, username.strip(), password);
    }

    @Override
    public void logout() {
        keeper.logout();
    }

    @Override
    public ConnectionState state() {
        return keeper.state();
    }

    @Override
    public String account() {
        return keeper.account();
    }

    @Override
    public String nickname() {
        return keeper.nickname();
    }

    @Override
    public CompletableFuture<ChatMessage> send(String to, String text) {
        CompletableFuture<ChatMessage> result = new CompletableFuture<>();
        if (isBlank(to) || text == null || text.isEmpty()) {
            return invalid(result);
        }
        Async.submit(work, result, Operation.SEND, () -> result.complete(online(ChatManager.class).send(to, text)));
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
        XMPPTCPConnection latest = keeper.latest();
        return latest == null ? List.of() : managers.getInstanceFor(latest, FriendsManager.class).contacts();
    }

    @Override
    public List<FriendRequest> friendRequests() {
        return requests.list();
    }

    @Override
    public CompletableFuture<Void> requestFriend(String account, String greeting) {
        return friends(account, f -> f.request(account, greeting));
    }

    @Override
    public CompletableFuture<Void> acceptRequest(String account) {
        return friends(account, f -> f.answer(account, true));
    }

    @Override
    public CompletableFuture<Void> rejectRequest(String account) {
        return friends(account, f -> f.answer(account, false));
    }

    @Override
    public CompletableFuture<Void> removeFriend(String account) {
        return friends(account, f -> f.remove(account));
    }

    @FunctionalInterface
    private interface FriendsWork {
        void run(FriendsManager friends) throws Exception;
    }

    private CompletableFuture<Void> friends(String account, FriendsWork task) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (isBlank(account)) {
            return invalid(result);
        }
        Async.submit(work, result, Operation.FRIENDS, () -> {
            task.run(online(FriendsManager.class));
            result.complete(null);
        });
        return result;
    }

    /** The logged-in connection's manager of {@code type}; UNREACHABLE while offline or reconnecting. */
    private <M> M online(Class<M> type) throws ServiceException {
        return managers.getInstanceFor(keeper.online().connection(), type);
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
        return keeper.online().connection();
    }

    /** The server logged in to, for the file transfers' HTTPS trust (since 1.5); UNREACHABLE while offline. */
    ServerAddress filesServer() throws ServiceException {
        return keeper.online().server();
    }

    TrustStore trustStore() {
        return trustStore;
    }

    /** The SASL mechanism of the last successful login, e.g. "SCRAM-SHA-256", or null. */
    public String usedSaslMechanism() {
        return keeper.usedSaslMechanism();
    }

    /** Logs out and stops the service's threads; the service cannot be used afterwards. */
    @Override
    public void close() {
        keeper.close();
        timer.shutdownNow();
        work.shutdown();
        events.shutdown(); // the queued calls (LOGGED_OUT, OFFLINE) are still delivered
        try {
            events.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static <T> CompletableFuture<T> invalid(CompletableFuture<T> result) {
        result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
        return result;
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }
}
