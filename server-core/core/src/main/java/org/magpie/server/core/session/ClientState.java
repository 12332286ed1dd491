package org.magpie.server.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

/**
 * Client state indication (XEP-0352) for one session. While the client says it is inactive (a phone
 * with its screen off), presence updates and chat states for it are held instead of written, only the
 * latest one per sender and kind, and written all at once when something worth waking the client for
 * comes (a message with a body, before it) or the client says it is active again. Everything else is
 * written at once. When more than the setting's most are held, they are written: nothing is dropped.
 */
public final class ClientState {

    public static final String NS = "urn:xmpp:csi:0";

    /** Announces client state indication among the stream features after login (XEP-0352 §3). */
    public static final DiscoProvider STREAM_FEATURE = new DiscoProvider() {
        @Override
        public Collection<Element> streamFeatures() {
            return List.of(Element.of("csi", NS));
        }
    };
    static final String CHAT_STATES = "http://jabber.org/protocol/chatstates";

    private final int maxHeld;
    /** What is held, by sender and kind, in the order first held; a newer one replaces the older. */
    private final Map<String, Stanza> held = new LinkedHashMap<>();
    private boolean inactive;

    /** @param maxHeld the most stanzas held; 0 turns holding off */
    ClientState(int maxHeld) {
        this.maxHeld = maxHeld;
    }

    /** {@code <active/>} or {@code <inactive/>}; anything else in the namespace is ignored. */
    void indicated(Element e, Consumer<Stanza> write) {
        if (e.name().equals("inactive")) {
            synchronized (this) {
                inactive = maxHeld > 0;
            }
        } else if (e.name().equals("active")) {
            synchronized (this) {
                inactive = false;
                flush(write);
            }
        }
    }

    /** Writes the stanza now, or holds it while the client is inactive. */
    void send(Stanza stanza, Consumer<Stanza> write) {
        synchronized (this) {
            if (inactive) {
                String key = holdKey(stanza);
                if (key != null) {
                    held.remove(key); // the newer one goes to the end, as it was sent later
                    held.put(key, stanza);
                    if (held.size() > maxHeld) {
                        flush(write);
                    }
                    return;
                }
                if (stanza.isMessage() && stanza.body().isPresent()) {
                    flush(write);
                }
            }
            write.accept(stanza);
        }
    }

    /** How many stanzas are held just now. */
    synchronized int held() {
        return held.size();
    }

    private void flush(Consumer<Stanza> write) {
        List<Stanza> out = new ArrayList<>(held.values());
        held.clear();
        out.forEach(write);
    }

    /**
     * What may wait: an available or unavailable presence from someone (not subscription requests or
     * errors, which ask for an answer), and a message that carries a chat state and nothing else.
     */
    private static String holdKey(Stanza stanza) {
        String from = String.valueOf(stanza.from());
        if (stanza.isPresence()) {
            boolean presence = stanza.presenceType().map(t -> t == org.magpie.server.api.PresenceType.AVAILABLE
                    || t == org.magpie.server.api.PresenceType.UNAVAILABLE).orElse(false);
            return presence ? "presence " + from : null;
        }
        if (stanza.isMessage() && stanza.body().isEmpty() && !stanza.element().elements().isEmpty()
                && stanza.element().elements().stream().allMatch(c -> c.namespace().equals(CHAT_STATES))) {
            return "chat state " + from;
        }
        return null;
    }
}
