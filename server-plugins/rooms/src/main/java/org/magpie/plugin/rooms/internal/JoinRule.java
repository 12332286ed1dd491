package org.magpie.plugin.rooms.internal;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.StanzaException;

/**
 * One reason a session may not enter a room (as Prosody's {@code muc-occupant-pre-join} hooks):
 * {@link Occupancy} asks each rule of {@link JoinRules#standard} in order, under the room's monitor,
 * before anything changes. A rule refuses by throwing the error the user gets.
 */
@FunctionalInterface
interface JoinRule {

    /**
     * A session's request to enter a room it is not in yet.
     *
     * @param affiliation the user's stored affiliation with the room
     * @param invited whether a pending invitation lets a non-member in
     */
    record Join(Room room, EntityFullJid session, String nick, Affiliation affiliation, boolean invited) {

        String user() {
            return session.asEntityBareJid().toString();
        }
    }

    void check(Join join) throws StanzaException;
}
