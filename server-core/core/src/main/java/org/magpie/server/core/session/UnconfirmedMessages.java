package org.magpie.server.core.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.xml.StanzaText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The messages written to one client that it has not yet proved it read. TCP accepts bytes into the
 * kernel long after the other end stopped reading (a laptop closed, a cable pulled), so "written" is
 * not "delivered": a message is held here until the answer to a ping written after it comes back,
 * and when the session ends without the client closing its stream, what is still held goes back to
 * offline storage (through {@link StanzaPipeline#undelivered}).
 *
 * <p>Held are the messages offline storage would keep: chat and normal messages with a body. The
 * first one held starts a timer; when it fires, one ping goes out for everything held so far, so a
 * busy conversation costs one ping per {@link DeliverySettings#confirmDelay()}, not one per message.
 * Writing a held message and its bookkeeping happen under one lock, so that a ping's mark never
 * covers a message written after the ping. Past the count or byte bound the oldest are let go (logged).
 */
final class UnconfirmedMessages {

    private static final Logger LOG = LoggerFactory.getLogger(UnconfirmedMessages.class);

    /**
     * A message held; {@code written} false when it never went out (the session was already closing, or
     * the connection refused it).
     * A written one is kept as the text that was written, not as its element tree: a busy reader holds a
     * thousand messages, and trees of every session's last seconds grew the old generation enough to
     * cost a fifth of the 1:1 throughput. The rare hand-back parses the text again.
     */
    private record Held(long seq, Stanza message, String xml, int bytes, boolean written) {

        /** The stanza, or null (logged) when the text does not read back as one. */
        Stanza stanza() {
            if (message != null) {
                return message;
            }
            try {
                return Stanza.of(StanzaText.read(xml));
            } catch (IllegalArgumentException | StanzaException e) {
                LOG.error("a held message could not be read back and is lost: {}", e.toString());
                return null;
            }
        }
    }

    private final String sessionId;
    private final DeliverySettings settings;
    /** Writes a ping; the stage completes when the client answers it and fails when no answer is to come. */
    private final Supplier<CompletionStage<Void>> ping;
    private final ScheduledExecutorService timer;
    private final Connection connection;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long seq;
    private long bytes;
    private long dropped;
    private ScheduledFuture<?> scheduled;
    private boolean pingOutstanding;
    private boolean closed;

    /**
     * @param ping the session's keep-alive ping ({@link KeepAlive#ping}): it also closes the session when
     *        a ping stays unanswered, so a dead connection hands back what it holds
     */
    UnconfirmedMessages(String sessionId, DeliverySettings settings, Supplier<CompletionStage<Void>> ping,
            ScheduledExecutorService timer,
            Connection connection) {
        this.sessionId = sessionId;
        this.settings = settings;
        this.ping = ping;
        this.timer = timer;
        this.connection = connection;
    }

    /** Whether the message is one offline storage would keep. */
    static boolean worthHolding(Stanza stanza) {
        if (!stanza.isMessage()) {
            return false;
        }
        // a type this server does not know counts as normal for delivery (RFC 6121 5.2.2), yet is not kept
        boolean chatOrNormal = stanza.type() == null || stanza.is(MessageType.CHAT)
                || MessageType.NORMAL.xmlName().equals(stanza.type());
        if (!chatOrNormal) {
            return false;
        }
        return stanza.element().child("body", Namespaces.CLIENT).map(b -> !b.text().isBlank()).orElse(false);
    }

    /**
     * Writes the stanza; a message worth holding is held until the client proves it read it.
     *
     * @param confirm whether the caller wants to know when it was written
     * @return with {@code confirm}, whether it was written (see {@link Connection#writeConfirmed}); else null
     */
    CompletionStage<Boolean> write(Stanza stanza, EntityFullJid to, String xml, boolean confirm) {
        if (!settings.enabled() || to == null || !worthHolding(stanza)) {
            return send(xml, confirm).written();
        }
        synchronized (this) {
            Sent sent = send(xml, confirm);
            if (closed) {
                return sent.written();
            }
            int size = xml.length();
            // not queued (the client stopped reading and its stream is being closed): held all the same,
            // as never written, so that it goes back to offline storage with the rest
            held.add(new Held(++seq, null, xml, size, sent.queued()));
            bytes += size;
            while (held.size() > settings.maxMessages() || bytes > settings.maxBytes() && held.size() > 1) {
                bytes -= held.remove().bytes();
                // once per session: a busy reader passes the bound every few seconds, and a warning per
                // hundred messages filled the log under load
                if (dropped++ == 0) {
                    LOG.warn("session {}: more unconfirmed messages than server.delivery.unconfirmed.max.* allow; "
                            + "the oldest are no longer kept for a dead connection", sessionId);
                }
            }
            if (sent.queued() && scheduled == null && !pingOutstanding) {
                scheduled = timer.schedule(this::askForProof, settings.confirmDelay().toMillis(), TimeUnit.MILLISECONDS);
            }
            return sent.written();
        }
    }

    /** What became of a write: whether the connection queued it, and (when asked for) whether it was sent. */
    private record Sent(boolean queued, CompletionStage<Boolean> written) {
    }

    private Sent send(String xml, boolean confirm) {
        if (confirm) {
            CompletionStage<Boolean> written = connection.writeConfirmed(xml);
            boolean refused = Boolean.FALSE.equals(written.toCompletableFuture().getNow(null));
            return new Sent(!refused, written);
        }
        return new Sent(connection.write(xml), null);
    }

    private synchronized void askForProof() {
        scheduled = null;
        if (closed || held.isEmpty() || pingOutstanding) {
            return;
        }
        long mark = seq;
        pingOutstanding = true;
        ping.get().whenComplete((answered, failure) -> {
            if (failure == null) {
                confirmed(mark);
            } else {
                unanswered(); // the client talks but did not answer this one, or the session ended
            }
        });
    }

    private synchronized void unanswered() {
        pingOutstanding = false;
        scheduleNext();
    }

    /** The client answered the ping written after message {@code mark}: it has read all up to there. */
    private synchronized void confirmed(long mark) {
        pingOutstanding = false;
        while (!held.isEmpty() && held.peek().seq() <= mark) {
            bytes -= held.remove().bytes();
        }
        scheduleNext();
    }

    private void scheduleNext() {
        if (!closed && !held.isEmpty() && scheduled == null) {
            scheduled = timer.schedule(this::askForProof, settings.confirmDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * A message for a session that is already closing: not written, so the client cannot have it;
     * handed back at {@link #close} whatever the way the stream ended.
     */
    synchronized void notWritten(Stanza stanza) {
        if (!closed && settings.enabled() && worthHolding(stanza)) {
            held.add(new Held(++seq, stanza, null, 0, false));
        }
    }

    /**
     * The session ended: the messages the client cannot be sure to have, oldest first (those never
     * written, and unless it closed its stream itself, those it never confirmed); nothing is held from now on.
     *
     * @param closedByClient whether the client ended its stream itself: then what it was sent counts as read
     */
    synchronized List<Stanza> close(boolean closedByClient) {
        closed = true;
        if (scheduled != null) {
            scheduled.cancel(false);
            scheduled = null;
        }
        List<Stanza> rest = new ArrayList<>(held.size());
        for (Held h : held) {
            if (!h.written() || !closedByClient) {
                Stanza stanza = h.stanza();
                if (stanza != null) {
                    rest.add(stanza);
                }
            }
        }
        held.clear();
        bytes = 0;
        return rest;
    }
}
