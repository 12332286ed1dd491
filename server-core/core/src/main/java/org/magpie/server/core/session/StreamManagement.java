package org.magpie.server.core.session;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.xml.StanzaText;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The counts of XEP-0198 stream management for one session: the stanzas the server handled from the
 * client, and the stanzas it sent that the client has not acknowledged yet, kept to be sent again on
 * resumption or handed back to offline storage when the session ends. No I/O here; callers write.
 * Counts are unbounded here and sent modulo 2^32 as the XEP says.
 */
final class StreamManagement {

    static final String NS = "urn:xmpp:sm:3";
    private static final long MOD = 1L << 32;
    private static final Logger LOG = LoggerFactory.getLogger(StreamManagement.class);

    /** What a client's acknowledgement did. */
    enum Ack { OK, TOO_HIGH }

    private final int maxUnacked;
    /** Sent and not yet acknowledged, oldest first: kept as the text that was written (see UnconfirmedMessages). */
    private final ArrayDeque<String> unacked = new ArrayDeque<>();
    private boolean enabled;
    private long handled;
    private long sent;
    private boolean requested;

    StreamManagement(int maxUnacked) {
        this.maxUnacked = maxUnacked;
    }

    synchronized void enable() {
        enabled = true;
    }

    synchronized boolean enabled() {
        return enabled;
    }

    /** The client sent a stanza. */
    synchronized void handledOne() {
        if (enabled) {
            handled++;
        }
    }

    /** The count of stanzas handled, as the client expects it in {@code <a h/>} and {@code <resumed h/>}. */
    synchronized long handled() {
        return handled % MOD;
    }

    /**
     * A stanza was written (or kept while detached).
     *
     * @return false when more are unacknowledged than allowed: the client does not acknowledge
     */
    synchronized boolean sentOne(String xml) {
        sent++;
        unacked.add(xml);
        return unacked.size() <= maxUnacked;
    }

    /** Whether an acknowledgement should be asked for now; true once until the client answers. */
    synchronized boolean shouldRequest() {
        if (requested || unacked.isEmpty()) {
            return false;
        }
        requested = true;
        return true;
    }

    /** How many were sent, as the XEP counts them (for an error about a count too high). */
    synchronized long sent() {
        return sent % MOD;
    }

    /**
     * The client acknowledged {@code h} (modulo 2^32): what it covers is forgotten.
     */
    synchronized Ack acknowledged(long h) {
        requested = false;
        long acknowledgedBefore = sent - unacked.size();
        long newly = Math.floorMod(h - acknowledgedBefore, MOD);
        if (newly > unacked.size()) {
            return Ack.TOO_HIGH;
        }
        for (long i = 0; i < newly; i++) {
            unacked.remove();
        }
        return Ack.OK;
    }

    /** The unacknowledged stanzas, as written, to send again on resumption. */
    synchronized List<String> unacknowledged() {
        return List.copyOf(unacked);
    }

    /** The session is over: the unacknowledged stanzas offline storage would keep; nothing is kept from now on. */
    synchronized List<Stanza> drainMessagesWorthKeeping() {
        List<Stanza> keep = new ArrayList<>();
        for (String xml : unacked) {
            Stanza stanza = parse(xml);
            if (stanza != null && UnconfirmedMessages.worthHolding(stanza)) {
                keep.add(stanza);
            }
        }
        unacked.clear();
        enabled = false;
        return keep;
    }

    /** Parses the h attribute of {@code <a/>} or {@code <resume/>}: a count from 0 to 2^32 - 1. */
    static OptionalLong count(String attribute) {
        if (attribute == null) {
            return OptionalLong.empty();
        }
        try {
            long h = Long.parseLong(attribute.strip());
            return h >= 0 && h < MOD ? OptionalLong.of(h) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static Stanza parse(String xml) {
        try {
            return Stanza.of(StanzaText.read(xml));
        } catch (IllegalArgumentException | StanzaException e) {
            LOG.error("an unacknowledged stanza could not be read back and is lost: {}", e.toString());
            return null;
        }
    }
}
