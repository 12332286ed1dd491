package org.magpie.client.service;

import java.util.Objects;

/**
 * A group (a persistent multi-user chat room named by its number) this user belongs to.
 *
 * @param address     the group's bare address, e.g. {@code 10001@rooms.example}
 * @param number      its number, digits only, e.g. {@code 10001}
 * @param name        its display name
 * @param description what it is about, or null
 * @param membersOnly whether only members (and invited users) may join
 * @param affiliation this user's standing in the group
 * @since 1.3
 */
public record Group(String address, String number, String name, String description, boolean membersOnly,
        GroupMember.Affiliation affiliation) {

    public Group {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(affiliation, "affiliation");
    }
}
