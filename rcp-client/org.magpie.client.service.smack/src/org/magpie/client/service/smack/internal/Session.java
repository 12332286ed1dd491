package org.magpie.client.service.smack.internal;

import java.util.concurrent.ScheduledFuture;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.ServerAddress;

/** One login: from login() to logout() or the server's end of the session, across reconnections. */
final class Session {

    /** One XMPP connection of the session and how it ended, if it did. */
    static final class Link {
        final XMPPTCPConnection connection;
        volatile boolean closed;
        volatile Exception closedWith;

        Link(XMPPTCPConnection connection) {
            this.connection = connection;
        }
    }

    final ServerAddress server;
    final String username;
    final String password;
    // guarded by the SessionKeeper's lock
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

    Session(ServerAddress server, String username, String password) {
        this.server = server;
        this.username = username;
        this.password = password;
    }
}
