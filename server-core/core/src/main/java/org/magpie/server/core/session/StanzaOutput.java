package org.magpie.server.core.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

/**
 * Every stanza the server writes to a bound client passes here. Once the client enabled stream
 * management (XEP-0198) each one is counted and kept until the client acknowledges it, and the server
 * asks for acknowledgements; before that, messages are held by {@link UnconfirmedMessages} until a ping
 * proves they were read. Writes and their counting happen under one lock, so that the order counted
 * is the order written, also across a resumption.
 */
final class StanzaOutput {

    private static final String REQUEST = Element.of("r", StreamManagement.NS).toXml();

    private final AttachedConnection connection;
    private final StreamManagement sm;
    private final UnconfirmedMessages unconfirmed;
    private final StreamManagementSettings settings;
    private final ScheduledExecutorService timer;
    /** Runs (outside the lock) when the client leaves too many stanzas unacknowledged. */
    private final Runnable overflow;
    private ScheduledFuture<?> request;

    StanzaOutput(AttachedConnection connection, StreamManagement sm, UnconfirmedMessages unconfirmed,
            StreamManagementSettings settings, ScheduledExecutorService timer, Runnable overflow) {
        this.connection = connection;
        this.sm = sm;
        this.unconfirmed = unconfirmed;
        this.settings = settings;
        this.timer = timer;
        this.overflow = overflow;
    }

    /** A stanza the session itself writes (a ping, a result): counted, not held for offline storage. */
    void stanza(String xml) {
        if (!counted(xml)) {
            connection.write(xml);
        }
    }

    /** A stanza routed to the client. */
    void send(Stanza stanza, EntityFullJid to, String xml) {
        if (!counted(xml)) {
            unconfirmed.write(stanza, to, xml, false);
        }
    }

    /** Like {@link #send}, telling when it was written (or, under stream management, kept for the client). */
    CompletionStage<Boolean> sendConfirmed(Stanza stanza, EntityFullJid to, String xml) {
        if (counted(xml)) {
            return CompletableFuture.completedFuture(true); // written or kept: resent or handed back, never lost
        }
        return unconfirmed.write(stanza, to, xml, true);
    }

    /** Writes and counts the stanza if stream management is on; false (nothing written) if not. */
    private boolean counted(String xml) {
        boolean fits;
        synchronized (sm) {
            if (!sm.enabled()) {
                return false;
            }
            fits = sm.sentOne(xml);
            connection.write(xml);
            askLater();
        }
        if (!fits) {
            overflow.run();
        }
        return true;
    }

    /** Turns counting on and writes the answer to {@code <enable/>}: what is written after it is counted. */
    void enable(Element enabled) {
        synchronized (sm) {
            sm.enable();
            connection.write(enabled.toXml());
        }
    }

    /** The client asked how many stanzas the server handled. */
    void answerRequest() {
        connection.write(Element.builder("a", StreamManagement.NS).attribute("h", Long.toString(sm.handled())).build().toXml());
    }

    /** The client acknowledged {@code h} stanzas in all. */
    StreamManagement.Ack acknowledged(long h) {
        synchronized (sm) {
            StreamManagement.Ack ack = sm.acknowledged(h);
            askLater();
            return ack;
        }
    }

    /**
     * Moves the output to the client's new connection: forgets what the client says it received, writes
     * {@code resumed} and then every stanza still unacknowledged, in order, before anything new.
     */
    StreamManagement.Ack resumeOn(Connection transport, long h, Element resumed) {
        synchronized (sm) {
            StreamManagement.Ack ack = sm.acknowledged(h);
            if (ack != StreamManagement.Ack.OK) {
                return ack;
            }
            connection.attach(transport);
            transport.write(resumed.toXml());
            for (String xml : sm.unacknowledged()) {
                transport.write(xml);
            }
            askLater();
            return ack;
        }
    }

    /** The connection is gone (the session may wait for its client): no requests until it is back. */
    void detach() {
        synchronized (sm) {
            connection.detach();
            if (request != null) {
                request.cancel(false);
                request = null;
            }
        }
    }

    /** Holding the lock: one request per delay at most, only while attached and something is unacknowledged. */
    private void askLater() {
        if (request == null && connection.current() != null) {
            request = timer.schedule(this::ask, settings.ackDelay().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void ask() {
        synchronized (sm) {
            request = null;
            if (connection.current() != null && sm.shouldRequest()) {
                connection.write(REQUEST);
            }
        }
    }
}
