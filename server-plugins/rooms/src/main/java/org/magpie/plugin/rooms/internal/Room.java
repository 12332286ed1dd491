package org.magpie.plugin.rooms.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;

/**
 * A loaded group or named room: its stored settings and affiliations plus who is in it now. Every field is read
 * and changed only while holding the room's monitor ({@code synchronized (room)}), one stanza at a
 * time, so the occupants' views never disagree about the order of events.
 */
final class Room {

    /** The group number, or a named room's negative one (never shown to users). */
    final long number;
    /** The localpart of its JID: the group number or the room's name. */
    final String address;
    final EntityBareJid jid;
    RoomInfo info;
    /** Affiliations by bare JID, as stored. */
    final Map<String, Member> members = new LinkedHashMap<>();
    /** Occupants by nickname, in order of entering. */
    final Map<String, Occupant> occupants = new LinkedHashMap<>();
    String subject = "";
    boolean destroyed;

    Room(RoomInfo info, EntityBareJid jid, List<Member> stored) {
        this.number = info.number();
        this.address = info.address();
        this.jid = jid;
        this.info = info;
        for (Member m : stored) {
            members.put(m.user(), m);
        }
    }

    Affiliation affiliation(String user) {
        Member m = members.get(user);
        return m == null ? Affiliation.NONE : m.affiliation();
    }

    /** The occupant one of whose sessions is this full JID. */
    Occupant occupantOf(Jid session) {
        for (Occupant o : occupants.values()) {
            if (o.sessions.containsKey(session)) {
                return o;
            }
        }
        return null;
    }

    /** The occupant of this user (bare JID), whatever the session. */
    Occupant occupantOfUser(String user) {
        for (Occupant o : occupants.values()) {
            if (o.user.toString().equals(user)) {
                return o;
            }
        }
        return null;
    }

    List<Occupant> occupantList() {
        return new ArrayList<>(occupants.values());
    }

    /** Whether this is a named room of a standard client rather than a numbered group. */
    boolean named() {
        return info.named();
    }

    /** XEP-0045 §5.1.2: owners and admins moderate; in a moderated room those without affiliation only listen. */
    Role defaultRole(Affiliation a) {
        return info.moderated() && !a.isMember() ? Role.VISITOR : a.defaultRole();
    }

    long owners() {
        return members.values().stream().filter(m -> m.affiliation() == Affiliation.OWNER).count();
    }
}
