package org.magpie.server.core.session;

import java.net.InetSocketAddress;

/** The network side of a client session, as the session sees it. Implemented by the transport. */
public interface Connection {

    /**
     * Queues XML text for sending; safe from any thread.
     *
     * @return false when it was not queued and will never be sent: the client stopped reading and
     *         passed the outbound limit (its stream is being closed)
     */
    boolean write(String xml);

    /**
     * Queues XML text like {@link #write} and tells when it has been written to the network:
     * {@code true}, or {@code false} when the connection closed first. May complete on an I/O thread.
     */
    java.util.concurrent.CompletionStage<Boolean> writeConfirmed(String xml);

    /**
     * Sends {@code lastPlainXml} unencrypted and switches the connection to TLS for everything
     * after it, without letting any byte the client sends in between be read as plain text.
     */
    void startTls(String lastPlainXml);

    /** Flushes what is queued and closes. */
    void close();

    InetSocketAddress remoteAddress();

    InetSocketAddress localAddress();

    /**
     * The session holds {@code bytes} more (negative: fewer) of what it has read, as stanzas queued
     * behind an earlier one's pending verdict. The transport stops reading a connection that holds
     * more than its budget.
     */
    default void holding(long bytes) {
    }

    /** Whether the transport has stopped reading this connection because it holds too much: its silence is then ours. */
    default boolean readingSuspended() {
        return false;
    }

    /** The peer has logged in: the connection no longer counts against the limits on anonymous connections. */
    default void authenticated() {
    }
}
