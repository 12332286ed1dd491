package org.magpie.server.core.transport;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.net.ssl.SSLContext;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.service.IoHandlerAdapter;
import org.apache.mina.core.session.AttributeKey;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.executor.ExecutorFilter;
import org.apache.mina.filter.executor.OrderedThreadPoolExecutor;
import org.apache.mina.transport.socket.nio.NioSocketAcceptor;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.core.session.ClientSession;
import org.magpie.server.core.session.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client port. MINA stays here: I/O threads only move bytes; an ordered executor hands each
 * session's events, one after another, to its {@link ClientSession} on a worker thread, where
 * parsing, SASL and handlers (which may block on the database) run.
 */
public final class ClientListener {

    private static final Logger LOG = LoggerFactory.getLogger(ClientListener.class);
    private static final AttributeKey SESSION = new AttributeKey(ClientListener.class, "session");
    /** Set when the session asked for TLS: from then on, bytes that did not come through TLS are discarded. */
    static final AttributeKey TLS_STARTED = new AttributeKey(ClientListener.class, "tlsStarted");

    private static final AttributeKey TICKET = new AttributeKey(ClientListener.class, "ticket");

    private final NioSocketAcceptor acceptor;
    private final OrderedThreadPoolExecutor workers;
    private final ExecutorService flusher = Executors.newSingleThreadExecutor(threads("magpie-flush"));

    /**
     * What the transport bounds for each connection.
     *
     * @param inboundBytes  bytes read but not yet processed (see {@link InboundBudget}) before reading stops
     * @param outboundBytes bytes queued for sending before the client counts as not reading (see {@link MinaConnection})
     * @param writeTimeout  seconds a pending write may make no progress before the connection is closed
     * @param connections   limits on connections per address and not yet logged in
     */
    public record Limits(long inboundBytes, long outboundBytes, int writeTimeout, ConnectionLimiter.Limits connections) {
    }

    /**
     * @param sessions makes the client session for a new connection
     */
    public ClientListener(SSLContext tls, int workerThreads, Limits limits, Function<Connection, ClientSession> sessions) {
        ConnectionLimiter limiter = new ConnectionLimiter(limits.connections());
        acceptor = new NioSocketAcceptor(Math.max(1, Runtime.getRuntime().availableProcessors()));
        acceptor.setReuseAddress(true);
        acceptor.setBacklog(1024);
        acceptor.getSessionConfig().setTcpNoDelay(true);
        acceptor.getSessionConfig().setKeepAlive(true); // the OS notices some dead peers; pings (KeepAlive) the rest
        acceptor.getSessionConfig().setWriteTimeout(limits.writeTimeout());
        workers = new OrderedThreadPoolExecutor(1, Math.max(2, workerThreads), 60, java.util.concurrent.TimeUnit.SECONDS,
                threads("magpie-worker"));
        acceptor.getFilterChain().addLast("budget", new InboundBudgetFilter(limits.inboundBytes()));
        acceptor.getFilterChain().addLast("workers", new ExecutorFilter(workers));
        acceptor.setHandler(new IoHandlerAdapter() {
            @Override
            public void sessionOpened(IoSession io) {
                InetSocketAddress remote = (InetSocketAddress) io.getRemoteAddress();
                ConnectionLimiter.Admission admission = limiter.admit(remote.getAddress());
                ConnectionLimiter.Ticket ticket = admission instanceof ConnectionLimiter.Ticket t ? t : null;
                if (ticket != null) {
                    io.setAttribute(TICKET, ticket);
                }
                MinaConnection connection = new MinaConnection(io, tls, limits.outboundBytes(), ticket, flusher);
                ClientSession session = sessions.apply(connection);
                io.setAttribute(SESSION, session);
                connection.onOverflow(() -> session.closeWithError(StreamErrorCondition.RESOURCE_CONSTRAINT,
                        "Your client does not read what the server sends it (more than " + limits.outboundBytes()
                                + " bytes are waiting); the connection is closed."));
                if (admission instanceof ConnectionLimiter.Refused refused) {
                    LOG.info("connection from {} refused: {}", remote, refused.reason());
                    session.closeWithError(StreamErrorCondition.POLICY_VIOLATION, refused.reason());
                    session.disconnected(); // whatever it sends now is not read
                }
            }

            @Override
            public void messageReceived(IoSession io, Object message) {
                ClientSession session = (ClientSession) io.getAttribute(SESSION);
                IoBuffer buffer = message instanceof DecryptedMarker.Decrypted decrypted ? decrypted.buffer() : (IoBuffer) message;
                int bytes = buffer.remaining();
                try {
                    if (session == null) {
                        return;
                    }
                    if (message instanceof DecryptedMarker.Decrypted) {
                        session.received(buffer.buf());
                    } else if (io.containsAttribute(TLS_STARTED)) {
                        LOG.debug("connection {}: {} clear-text bytes after <starttls/> discarded", io.getRemoteAddress(), bytes);
                    } else {
                        session.received(buffer.buf());
                    }
                } finally {
                    InboundBudgetFilter.processed(io, bytes);
                }
            }

            @Override
            public void inputClosed(IoSession io) {
                io.closeOnFlush();
            }

            @Override
            public void sessionClosed(IoSession io) {
                ConnectionLimiter.Ticket ticket = (ConnectionLimiter.Ticket) io.removeAttribute(TICKET);
                if (ticket != null) {
                    ticket.closed();
                }
                ClientSession session = (ClientSession) io.removeAttribute(SESSION);
                if (session != null) {
                    session.disconnected();
                }
            }

            @Override
            public void exceptionCaught(IoSession io, Throwable cause) {
                LOG.debug("connection {}: {}", io.getRemoteAddress(), cause.toString());
                io.closeNow();
            }
        });
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger n = new AtomicInteger();
        ThreadFactory base = Executors.defaultThreadFactory();
        return r -> {
            Thread t = base.newThread(r);
            t.setName(prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public void bind(InetSocketAddress address) throws IOException {
        acceptor.bind(address);
        LOG.info("XMPP client port listening on {}", acceptor.getLocalAddress());
    }

    /** Stops accepting; the connections stay. */
    public void unbind() {
        acceptor.unbind();
    }

    public InetSocketAddress localAddress() {
        return acceptor.getLocalAddress();
    }

    /** Stops accepting, closes every connection, releases the threads. */
    public void close() {
        acceptor.unbind();
        acceptor.dispose(true);
        workers.shutdownNow();
        flusher.shutdownNow();
    }
}
