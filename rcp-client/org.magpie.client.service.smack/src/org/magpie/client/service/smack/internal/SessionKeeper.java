package org.magpie.client.service.smack.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.ServerAddress;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.service.smack.internal.Session.Link;

/**
 * The user's session from login to logout (or the server's end of it), across reconnections: one
 * {@link Session} with its newest connection, the connection state the listeners hear, reconnection
 * with exponential backoff after a network loss or an unanswered ping, and the end of the session
 * when the server says so (logged in elsewhere, account removed, ended by an administrator). Each
 * connection gets its feature managers from the {@link Managers} registry before it logs in; the
 * session-wide features hear every logged-in connection through {@link Feature}.
 */
public final class SessionKeeper implements MessagingSession {

    private static final Logger LOG = Logger.getLogger(SessionKeeper.class.getName());

    /** A session-wide feature (the groups, the history) that works over each logged-in connection. */
    public interface Feature {
        void online(XMPPTCPConnection c, String account, String nickname);

        void offline();
    }

    private final Connector connector;
    private final Managers managers;
    private final Reconnection reconnection;
    private final Duration pingInterval;
    private final List<MessagingListener> listeners;
    private final List<Feature> features;
    private final Executor events;
    private final Executor work;
    /** Told when a session ends, to forget what it kept. */
    private final Runnable ended;

    private final Object lock = new Object();
    // guarded by lock
    private ConnectionState state = ConnectionState.OFFLINE;
    private Session session;
    private boolean closed;

    private volatile String usedSaslMechanism;

    public SessionKeeper(Connector connector, Managers managers, Backoff backoff, Duration pingInterval,
            List<MessagingListener> listeners, List<Feature> features, Executor events, Executor work,
            ScheduledExecutorService timer, Runnable ended) {
        this.connector = connector;
        this.managers = managers;
        this.reconnection = new Reconnection(backoff, timer, work);
        this.pingInterval = pingInterval;
        this.listeners = listeners;
        this.features = List.copyOf(features);
        this.events = events;
        this.work = work;
        this.ended = ended;
    }

    /** The logged-in connection and its session's server. */
    public record Online(XMPPTCPConnection connection, ServerAddress server) {
    }

    // ================================================================== the session

    /** Logs in; the future completes with the account's address. */
    public CompletableFuture<String> login(ServerAddress server, String username, String password) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Session s = new Session(server, username, password);
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
                String nickname = Connector.ownNickname(link.connection, s.username);
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

    /** Logs out; no session can start afterwards. */
    public void close() {
        synchronized (lock) {
            closed = true;
        }
        logout();
    }

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

    /** The SASL mechanism of the last successful login, e.g. "SCRAM-SHA-256", or null. */
    public String usedSaslMechanism() {
        return usedSaslMechanism;
    }

    /** The logged-in connection, or UNREACHABLE while offline or reconnecting. */
    public Online online() throws ServiceException {
        synchronized (lock) {
            Session s = session;
            if (s == null || s.link == null || state != ConnectionState.ONLINE) {
                throw new ServiceException(FailureKind.UNREACHABLE, null);
            }
            return new Online(s.link.connection, s.server);
        }
    }

    /** The session's newest connection (logged in or not), or null without a session. */
    public XMPPTCPConnection latest() {
        Session s;
        synchronized (lock) {
            s = session;
        }
        Link link = s == null ? null : s.latest;
        return link == null ? null : link.connection;
    }

    @Override
    public boolean current(XMPPConnection c) {
        synchronized (lock) {
            return session != null && session.latest != null && session.latest.connection == c;
        }
    }

    @Override
    public void emit(Consumer<MessagingListener> call) {
        Async.emit(events, listeners, call, "messaging");
    }

    @Override
    public Executor work() {
        return work;
    }

    // ================================================================== connections

    /** Connects and logs in for the session; the connection reports to the session from the start. */
    private Link connectAndLogin(Session s) throws ServiceException {
        Link[] made = new Link[1]; // the connection's listeners need its link; they fire only once it is connected
        Link link = new Link(connector.open(s.server, pingInterval, e -> closed(s, made[0], e), () -> pingFailed(s, made[0])));
        made[0] = link;
        XMPPTCPConnection c = link.connection;
        managers.attach(c);
        synchronized (lock) {
            if (session != s) {
                throw new ServiceException(FailureKind.OTHER, "Logged out.");
            }
            s.connecting = link;
            s.latest = link;
        }
        try {
            connector.login(c, s.username, s.password);
            usedSaslMechanism = c.getUsedSaslMechansism();
            return link;
        } finally {
            synchronized (lock) {
                if (s.connecting == link) {
                    s.connecting = null;
                }
            }
        }
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
            features.forEach(f -> f.online(link.connection, s.account, s.nickname));
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
        SessionEnd end = Reconnection.endBy(e);
        if (end != null) {
            LOG.info(() -> s.account + "'s session ends: " + end);
            end(s, end);
            return;
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
        shutdown(link);
    }

    /** Lock held. */
    private void scheduleReconnect(Session s) {
        s.retry = reconnection.schedule(s.account, s.failures, () -> reconnect(s));
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
        features.forEach(Feature::offline);
        ended.run();
        setState(ConnectionState.OFFLINE);
        if (reason != SessionEnd.LOGGED_OUT) {
            Link link = s.link;
            s.link = null;
            if (link != null) {
                shutdown(link);
            }
        }
    }

    private void shutdown(Link link) {
        try {
            work.execute(link.connection::instantShutdown);
        } catch (RejectedExecutionException closing) {
            link.connection.instantShutdown();
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

    /** Lock held. Listeners hear every change once, in order. */
    private void setState(ConnectionState newState) {
        if (state != newState) {
            state = newState;
            emit(l -> l.stateChanged(newState));
        }
    }
}
