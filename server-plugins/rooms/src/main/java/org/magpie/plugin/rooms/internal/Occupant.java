package org.magpie.plugin.rooms.internal;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Stanza;

/**
 * A user in a group under one nickname, with the sessions (full JIDs) that entered with it and the
 * last presence of each. Guarded by its room's monitor.
 */
final class Occupant {

    final String nick;
    final EntityBareJid user;
    Role role;
    final Map<EntityFullJid, Stanza> sessions = new LinkedHashMap<>();

    Occupant(String nick, EntityBareJid user, Role role) {
        this.nick = nick;
        this.user = user;
        this.role = role;
    }

    /** The session whose presence stands for the occupant (the first to enter). */
    EntityFullJid mainSession() {
        return sessions.keySet().iterator().next();
    }

    Stanza presence() {
        return sessions.values().iterator().next();
    }
}
