package org.magpie.plugin.rooms.internal;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/**
 * The XEP-0045 status codes this service sends ({@code <status code='...'/>} in {@code muc#user}).
 * Declared in the order of their numbers, so that an {@link EnumSet} writes them sorted.
 */
enum MucStatus {
    /** §7.2.5: the room shows every occupant's real JID. */
    NON_ANONYMOUS(100),
    /** §10.2: the room's configuration changed. */
    CONFIGURATION_CHANGED(104),
    /** §10.2.1: occupants' real JIDs are now shown to everyone. */
    NOW_NON_ANONYMOUS(172),
    /** §10.2.1: occupants' real JIDs are now shown to moderators only. */
    NOW_SEMI_ANONYMOUS(173),
    /** §7.2.3: this presence is about the one who receives it. */
    SELF_PRESENCE(110),
    /** §10.1.1: entering created the room. */
    ROOM_CREATED(201),
    /** §9.1: banned. */
    BANNED(301),
    /** §7.6: the occupant took a new nickname. */
    NICK_CHANGED(303),
    /** §8.2: kicked. */
    KICKED(307),
    /** §9.4: removed because the affiliation changed (no longer a member of a members-only room, or left it). */
    REMOVED_AFFILIATION_CHANGE(321),
    /** §9.8: removed because the room became members-only. */
    REMOVED_MEMBERS_ONLY(322),
    /** §7.2.18: removed because the service shuts down. */
    REMOVED_SHUTDOWN(332);

    private final int code;

    MucStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    Element element() {
        return Element.builder("status", Namespaces.MUC_USER).attribute("code", Integer.toString(code)).build();
    }

    /** A set of codes, sorted by number; empty when none are given. */
    static Set<MucStatus> of(MucStatus... codes) {
        Set<MucStatus> set = EnumSet.noneOf(MucStatus.class);
        set.addAll(List.of(codes));
        return set;
    }

    /** {@code codes} plus {@link #SELF_PRESENCE}, for the copy the occupant concerned gets. */
    static Set<MucStatus> toSelf(Set<MucStatus> codes) {
        Set<MucStatus> set = of(SELF_PRESENCE);
        set.addAll(codes);
        return set;
    }
}
