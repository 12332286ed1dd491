package org.magpie.plugin.rooms.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * The stored settings of a group. A room created by a MUC join stays {@code locked} until its owner
 * submits the configuration form (XEP-0045 §10.1); nobody else may enter it before.
 */
record RoomInfo(long number, String name, String description, String owner, boolean membersOnly, boolean locked,
        Instant created) {

    RoomInfo {
        Objects.requireNonNull(name, "name");
        description = description == null ? "" : description;
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(created, "created");
    }

    RoomInfo withName(String newName) {
        return new RoomInfo(number, newName, description, owner, membersOnly, locked, created);
    }

    RoomInfo withDescription(String newDescription) {
        return new RoomInfo(number, name, newDescription, owner, membersOnly, locked, created);
    }

    RoomInfo withMembersOnly(boolean value) {
        return new RoomInfo(number, name, description, owner, value, locked, created);
    }

    RoomInfo withLocked(boolean value) {
        return new RoomInfo(number, name, description, owner, membersOnly, value, created);
    }

    /** The options column: {@code key=value} lines, so new options need no schema change. */
    String options() {
        return "membersonly=" + membersOnly + "\nlocked=" + locked;
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
