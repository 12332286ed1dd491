package org.magpie.server.core.session;

import java.util.concurrent.atomic.AtomicBoolean;

import org.magpie.server.api.StreamErrorCondition;

/**
 * The server's half of a client stream: its header, once per stream, and its end, once per
 * connection, whichever side or thread ends it first. Safe from any thread.
 */
final class StreamWriter {

    private static final String END = "</stream:stream>";

    private final Connection connection;
    private final String header;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile boolean headerSent;

    StreamWriter(Connection connection, String header) {
        this.connection = connection;
        this.header = header;
    }

    /** Sends the stream header unless this stream has one already. */
    void header() {
        if (!headerSent) {
            headerSent = true;
            connection.write(header);
        }
    }

    /** A new stream begins (after STARTTLS and after SASL): it gets its own header. */
    void restarted() {
        headerSent = false;
    }

    /**
     * The session goes on over a client's new connection (stream management resumed it): that stream's
     * header was sent by the session that negotiated it, and this stream is open again.
     */
    void continuedOnNewStream() {
        headerSent = true;
        closing.set(false);
    }

    /** Whether the stream is ending: nothing more is written to it. */
    boolean closing() {
        return closing.get();
    }

    /** The connection is gone: nothing can be written any more. */
    void gone() {
        closing.set(true);
    }

    /** Sends a stream error and closes; the first close wins, later ones do nothing. */
    void closeWithError(StreamErrorCondition condition, String text) {
        if (closing.compareAndSet(false, true)) {
            header();
            connection.write(StreamNegotiation.streamError(condition, text) + END);
            connection.close();
        }
    }

    /** Ends the stream without an error: the client ended its own, or failed in a way that needs no explanation. */
    void close() {
        if (closing.compareAndSet(false, true)) {
            connection.write(END);
            connection.close();
        }
    }
}
