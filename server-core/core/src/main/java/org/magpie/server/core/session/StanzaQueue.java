package org.magpie.server.core.session;

import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

import org.magpie.server.api.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands a bound session's stanzas to routing one after another, in the order they came. A stanza
 * whose verdict comes later (a durable write) frees the reading thread; the ones behind it wait here,
 * counted against the connection's read budget, and go on when it is done.
 */
final class StanzaQueue {

    private static final Logger LOG = LoggerFactory.getLogger(StanzaQueue.class);
    /** A client that keeps sending while its stanzas cannot be stored is cut off rather than buffered without end. */
    static final int MAX_WAITING = 10_000;

    private final LocalSession session;
    private final Connection connection;
    private final StanzaPipeline pipeline;
    private final BooleanSupplier closed;
    /** Stanzas that arrived while an earlier one waits for its verdict; guarded by itself, as is {@link #processing}. */
    private final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    private boolean processing;

    /** @param closed whether the session's stream has ended: what is queued then is dropped, as unread bytes are */
    StanzaQueue(LocalSession session, Connection connection, StanzaPipeline pipeline, BooleanSupplier closed) {
        this.session = session;
        this.connection = connection;
        this.pipeline = pipeline;
        this.closed = closed;
    }

    /**
     * Processes the stanza now, or queues it behind one still waiting for its verdict.
     *
     * @return false when too many wait already: the session must be cut off, the stanza was not taken
     */
    boolean offer(Element e) {
        synchronized (waiting) {
            if (processing && waiting.size() >= MAX_WAITING) {
                return false;
            }
            if (processing) {
                // an earlier stanza still waits for a plugin's verdict; reading stops while too much waits
                Waiting w = new Waiting(e, Waiting.bytes(e));
                waiting.add(w);
                connection.holding(w.bytes());
                return true;
            }
            processing = true;
        }
        process(e);
        return true;
    }

    private void process(Element first) {
        for (Element e = first; e != null; e = next()) {
            if (closed.getAsBoolean()) {
                continue;
            }
            CompletableFuture<Void> done;
            try {
                done = pipeline.fromBoundSession(session, e).toCompletableFuture();
            } catch (RuntimeException ex) {
                LOG.error("{}: internal error", session, ex);
                done = CompletableFuture.completedFuture(null);
            }
            if (!done.isDone()) {
                done.whenComplete((v, failure) -> {
                    if (failure != null) {
                        LOG.error("{}: internal error", session, failure);
                    }
                    process(next());
                });
                return;
            }
        }
    }

    private Element next() {
        synchronized (waiting) {
            Waiting next = waiting.poll();
            processing = next != null;
            if (next == null) {
                return null;
            }
            connection.holding(-next.bytes());
            return next.element();
        }
    }
}
