package org.magpie.plugin.rooms.internal;

import java.util.Locale;
import java.util.Optional;

/** XEP-0045 affiliations, from most to least privileged; outcast means banned. */
enum Affiliation {
    OWNER, ADMIN, MEMBER, NONE, OUTCAST;

    String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Affiliation> of(String xmlName) {
        for (Affiliation a : values()) {
            if (a.xmlName().equals(xmlName)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** Owners and admins: they moderate, change settings and membership. */
    boolean isAdmin() {
        return this == OWNER || this == ADMIN;
    }

    /** Whether the group is in this user's list of groups. */
    boolean isMember() {
        return this == OWNER || this == ADMIN || this == MEMBER;
    }

    /** The role an occupant with this affiliation gets on entering (XEP-0045 §5.1.2). */
    Role defaultRole() {
        return isAdmin() ? Role.MODERATOR : Role.PARTICIPANT;
    }
}
