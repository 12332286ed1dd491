package org.magpie.server.core.session;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StreamErrorCondition;

/**
 * A client session of this server as the registry and routing see it: the api's {@link Session}
 * plus what the core alone may do with it (remember its presence, end its stream). Implemented by
 * {@link ClientSession}; tests implement it without a network.
 */
public interface LocalSession extends Session {

    /** The bound full JID; only valid once bound. */
    EntityFullJid fullJid();

    /** Remembers the last broadcast presence: null when unavailable. */
    void presence(Stanza broadcast);

    /** Sends a stream error and closes; the first call wins, later ones do nothing. Any thread. */
    void closeWithError(StreamErrorCondition condition, String text);

    /** The priority of the current available presence, or -1 when unavailable. */
    default int priority() {
        Stanza p = presence().orElse(null);
        if (p == null) {
            return -1;
        }
        try {
            return p.element().childText("priority").map(String::strip).map(Integer::parseInt).orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
