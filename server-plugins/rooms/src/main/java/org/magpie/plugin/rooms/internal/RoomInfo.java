package org.magpie.plugin.rooms.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored settings of a room. A group is named by its {@code number}; a named room
 * ({@code team@rooms.<domain>}, created by standard clients) has its {@code localpart} and a negative
 * number of its own that only the database and this plugin see, so that both kinds share the tables
 * and the code keyed by number, and a name never takes a group number. A room created by a MUC join
 * stays {@code locked} until its owner submits the configuration form (XEP-0045 §10.1); nobody else
 * may enter it before. Groups are always persistent; a named room is {@code persistent} only when its
 * owner configures it so, and {@code moderated} (newcomers without affiliation are visitors) or
 * {@code hidden} (not listed by the service) or {@code semiAnonymous} (only moderators see who an
 * occupant is, XEP-0045 §4.2) or {@code subjectByOccupants} (participants may change the subject,
 * not only moderators) only when asked.
 */
record RoomInfo(long number, String localpart, String name, String description, String owner, boolean membersOnly,
        boolean locked, boolean persistent, boolean moderated, boolean hidden, boolean semiAnonymous,
        boolean subjectByOccupants, Instant created) {

    RoomInfo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(created, "created");
        if ((localpart == null) != (number > 0)) {
            throw new IllegalArgumentException("a group has a positive number, a named room a localpart and a negative one");
        }
        if (localpart == null) {
            persistent = true;
            moderated = false;
            hidden = false;
            semiAnonymous = false;
            subjectByOccupants = false;
        }
    }

    /** A group: named by its number, persistent. */
    RoomInfo(long number, String name, String description, String owner, boolean membersOnly, boolean locked,
            Instant created) {
        this(number, null, name, description, owner, membersOnly, locked, true, false, false, false, false, created);
    }

    /** Whether this is a named room rather than a numbered group. */
    boolean named() {
        return localpart != null;
    }

    /** The localpart of its JID: the name, or the group number. */
    String address() {
        return named() ? localpart : Long.toString(number);
    }

    RoomInfo withName(String newName) {
        return new RoomInfo(number, localpart, newName, description, owner, membersOnly, locked, persistent, moderated,
                hidden, semiAnonymous, subjectByOccupants, created);
    }

    RoomInfo withDescription(String newDescription) {
        return new RoomInfo(number, localpart, name, newDescription, owner, membersOnly, locked, persistent, moderated,
                hidden, semiAnonymous, subjectByOccupants, created);
    }

    RoomInfo withMembersOnly(boolean value) {
        return new RoomInfo(number, localpart, name, description, owner, value, locked, persistent, moderated, hidden,
                semiAnonymous, subjectByOccupants, created);
    }

    RoomInfo withLocked(boolean value) {
        return new RoomInfo(number, localpart, name, description, owner, membersOnly, value, persistent, moderated, hidden,
                semiAnonymous, subjectByOccupants, created);
    }

    /** The options only a named room may change; a group keeps its fixed ones. */
    RoomInfo withNamedOptions(boolean newPersistent, boolean newModerated, boolean newHidden, boolean newSemiAnonymous,
            boolean newSubjectByOccupants) {
        return new RoomInfo(number, localpart, name, description, owner, membersOnly, locked, newPersistent, newModerated,
                newHidden, newSemiAnonymous, newSubjectByOccupants, created);
    }

    /** The options column: {@code key=value} lines, so new options need no schema change. */
    String options() {
        String options = "membersonly=" + membersOnly + "\nlocked=" + locked;
        return named() ? options + "\npersistent=" + persistent + "\nmoderated=" + moderated + "\nhidden=" + hidden
                + "\nsemianonymous=" + semiAnonymous + "\nchangesubject=" + subjectByOccupants
                : options;
    }

    static boolean option(String options, String key) {
        if (options == null) {
            return false;
        }
        for (String line : options.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0 && line.substring(0, eq).strip().equals(key)) {
                return Boolean.parseBoolean(line.substring(eq + 1).strip());
            }
        }
        return false;
    }
}
