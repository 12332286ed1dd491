package org.magpie.server.core.transport;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.SSLContext;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.session.IoSession;
import org.apache.mina.filter.ssl.SslFilter;
import org.magpie.server.core.session.Connection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client session's view of its MINA connection.
 *
 * <p>Outbound queue: at most {@value #MAX_PENDING_WRITES} writes are handed to MINA at a time (its TLS
 * filter takes only 70 before it fails the connection); what comes meanwhile waits here as one
 * backlog of bytes and goes out as one write when MINA has sent the earlier ones. Policy: a client
 * that stops reading must not make the server buffer without end. Once more than
 * {@code outboundLimit} bytes wait for it (here and in MINA), nothing more is queued except the
 * stream error its session then sends ({@code resource-constraint}, via {@link #onOverflow}); the
 * connection closes once that is sent, or when the write timeout finds no progress.
 */
final class MinaConnection implements Connection {

    /** Writes handed to MINA and not yet sent, before further ones wait in the backlog. */
    static final int MAX_PENDING_WRITES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(MinaConnection.class);

    private final IoSession io;
    private final SSLContext tls;
    private final long outboundLimit;
    private final ConnectionLimiter.Ticket ticket;
    /** Hands the backlog to MINA off the I/O thread (a write's completion runs inside MINA's TLS lock). */
    private final Executor flusher;
    private volatile Runnable onOverflow = () -> { };
    private final AtomicInteger pendingWrites = new AtomicInteger();
    private final AtomicLong pendingBytes = new AtomicLong();
    private volatile boolean backlogged;
    private volatile boolean closeRequested;
    /** Guards the fields below and the order in which writes reach MINA. */
    private final Object lock = new Object();
    private ByteArrayOutputStream backlog = new ByteArrayOutputStream();
    /** Who waits to learn that something in the backlog was written ({@link #writeConfirmed}). */
    private List<CompletableFuture<Boolean>> backlogWaiters = new ArrayList<>();
    private boolean overflowed;
    /** The thread running {@link #onOverflow}: its one write (the stream error) is let through; no other. */
    private Thread lastWord;
    private boolean closeIssued;

    MinaConnection(IoSession io, SSLContext tls, long outboundLimit, ConnectionLimiter.Ticket ticket, Executor flusher) {
        this.io = io;
        this.tls = tls;
        this.outboundLimit = outboundLimit;
        this.ticket = ticket;
        this.flusher = flusher;
    }

    /** What to do when the client falls more than the outbound limit behind: end its stream with an error. */
    void onOverflow(Runnable action) {
        this.onOverflow = action;
    }

    @Override
    public boolean write(String xml) {
        return write(xml, null);
    }

    @Override
    public CompletionStage<Boolean> writeConfirmed(String xml) {
        CompletableFuture<Boolean> written = new CompletableFuture<>();
        if (io.isClosing()) {
            written.complete(false);
        } else {
            write(xml, written);
        }
        return written;
    }

    /**
     * Queues the text; {@code written}, when given, learns whether it reached the network.
     *
     * @return whether it was queued (false: dropped, the client is not reading)
     */
    private boolean write(String xml, CompletableFuture<Boolean> written) {
        byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
        boolean overflow = false;
        long queued;
        synchronized (lock) {
            queued = pendingBytes.get() + backlog.size();
            if (overflowed) {
                if (lastWord != Thread.currentThread()) {
                    if (written != null) {
                        written.complete(false);
                    }
                    return false; // the client is not reading: nothing more is queued for it
                }
                lastWord = null; // its stream error: the one write let through
            } else if (queued > 0 && queued + bytes.length > outboundLimit) {
                overflowed = true;
                lastWord = Thread.currentThread();
                overflow = true;
            }
            if (!overflow) {
                List<CompletableFuture<Boolean>> waiters = written == null ? List.of() : List.of(written);
                if (backlog.size() == 0 && pendingWrites.get() < MAX_PENDING_WRITES) {
                    send(bytes, waiters);
                } else {
                    backlog.writeBytes(bytes);
                    backlogWaiters.addAll(waiters);
                    backlogged = true;
                }
            } else if (written != null) {
                written.complete(false);
            }
        }
        if (overflow) {
            LOG.warn("{} does not read what it is sent ({} bytes waiting, limit {}): closing its stream",
                    io.getRemoteAddress(), queued, outboundLimit);
            try {
                onOverflow.run(); // writes the stream error through here and closes
            } finally {
                synchronized (lock) {
                    lastWord = null;
                }
            }
        }
        return !overflow;
    }

    /** Called with the lock held, so that writes reach MINA in order. */
    private void send(byte[] bytes, List<CompletableFuture<Boolean>> waiters) {
        int n = bytes.length;
        pendingWrites.incrementAndGet();
        pendingBytes.addAndGet(n);
        io.write(IoBuffer.wrap(bytes)).addListener(future -> {
            pendingWrites.decrementAndGet();
            pendingBytes.addAndGet(-n);
            boolean sent = ((WriteFuture) future).isWritten();
            for (CompletableFuture<Boolean> w : waiters) {
                w.complete(sent);
            }
            if (backlogged || closeRequested) {
                try {
                    flusher.execute(this::flushBacklog);
                } catch (RejectedExecutionException e) {
                    // the server is stopping: nothing more goes out
                }
            }
        });
    }

    private void flushBacklog() {
        synchronized (lock) {
            if (backlog.size() > 0 && pendingWrites.get() < MAX_PENDING_WRITES) {
                byte[] bytes = backlog.toByteArray();
                backlog = new ByteArrayOutputStream(); // a burst's buffer is not kept
                List<CompletableFuture<Boolean>> waiters = backlogWaiters;
                backlogWaiters = new ArrayList<>();
                backlogged = false;
                send(bytes, waiters);
            }
            closeWhenAllSent();
        }
    }

    /**
     * MINA's closeOnFlush only waits for what its TLS filter has already encrypted, and throws away
     * what that filter still queues; so the close waits here until every write has been sent.
     */
    private void closeWhenAllSent() {
        if (closeRequested && !closeIssued && backlog.size() == 0 && pendingWrites.get() == 0) {
            closeIssued = true;
            io.closeOnFlush();
        }
    }

    /**
     * Reading is suspended while {@code <proceed/>} goes out in the clear, so that the client's
     * TLS handshake, which it starts on receiving it, is only read once the SslFilter is in place.
     */
    @Override
    public void startTls(String lastPlainXml) {
        // from here on only bytes that came through TLS count (RFC 6120 5.4.3.3): clear text read
        // before reading stopped, or injected before the handshake, is discarded (ClientListener)
        io.setAttribute(ClientListener.TLS_STARTED, Boolean.TRUE);
        InboundBudget budget = InboundBudgetFilter.budget(io);
        budget.pauseForTls();
        io.write(IoBuffer.wrap(lastPlainXml.getBytes(StandardCharsets.UTF_8))).addListener(future -> {
            try {
                SslFilter filter = new SslFilter(tls);
                filter.setEnabledProtocols("TLSv1.3", "TLSv1.2");
                io.getFilterChain().addFirst("tls", filter);
                io.getFilterChain().addAfter("tls", "decrypted", new DecryptedMarker());
                budget.tlsInPlace();
            } catch (RuntimeException e) {
                io.closeNow();
            }
        });
    }

    /** Closes once everything written before has been sent (or the write timeout gives up on the client). */
    @Override
    public void close() {
        synchronized (lock) {
            closeRequested = true;
            closeWhenAllSent();
        }
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) io.getRemoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) io.getLocalAddress();
    }

    @Override
    public void holding(long bytes) {
        InboundBudget budget = InboundBudgetFilter.budget(io);
        if (budget != null) {
            budget.add(bytes);
        }
    }

    @Override
    public boolean readingSuspended() {
        InboundBudget budget = InboundBudgetFilter.budget(io);
        return budget != null && budget.overBudget();
    }

    @Override
    public void authenticated() {
        if (ticket != null) {
            ticket.authenticated();
        }
    }
}
