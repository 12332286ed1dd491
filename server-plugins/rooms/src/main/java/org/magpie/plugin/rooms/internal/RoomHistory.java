package org.magpie.plugin.rooms.internal;

import java.time.Instant;
import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.xml.Element;

/**
 * The recent messages of each room (by its JID: a temporary named room made again is a new one only
 * after the old one was forgotten), replayed to users entering it (XEP-0045 §7.2.15). Kept behind
 * this interface so that the message archive (XEP-0313) can take its place.
 */
interface RoomHistory {

    /** A message as the room sent it ({@code from} the room or an occupant JID, without {@code to}). */
    record Entry(Element message, Instant stamp) {
    }

    void record(EntityBareJid room, Entry entry);

    /** The last {@code max} messages, oldest first, not older than {@code since} (when given). */
    List<Entry> recent(EntityBareJid room, int max, Instant since);

    /** Drops a group's messages (the group was destroyed). */
    void forget(EntityBareJid room);
}
