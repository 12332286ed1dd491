package org.magpie.plugin.rooms.internal;

import java.util.Locale;
import java.util.Optional;

/** XEP-0045 roles of occupants; none means not in the room. */
enum Role {
    MODERATOR, PARTICIPANT, VISITOR, NONE;

    String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Role> of(String xmlName) {
        for (Role r : values()) {
            if (r.xmlName().equals(xmlName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
