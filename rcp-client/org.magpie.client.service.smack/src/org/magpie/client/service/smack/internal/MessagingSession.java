package org.magpie.client.service.smack.internal;

import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.jivesoftware.smack.XMPPConnection;
import org.magpie.client.service.MessagingListener;

/** What the messaging managers of a connection see of the session around it. */
public interface MessagingSession {

    /** Whether {@code c} is the logged-in session's newest connection (older ones are ignored). */
    boolean current(XMPPConnection c);

    /** The logged-in account, or null. */
    String account();

    /** The user's nickname, or null. */
    String nickname();

    /** Tells the messaging listeners, in order with the session's other events. */
    void emit(Consumer<MessagingListener> call);

    /** Runs blocking work off the connection's thread. */
    Executor work();
}
