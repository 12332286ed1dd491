package org.magpie.client.service;

import java.util.Objects;

/**
 * One person of a group's member list: members (affiliations) and who is in the group now.
 *
 * @param group       the group's bare address
 * @param account     the person's bare address ({@code bob@example})
 * @param nickname    the nickname the person uses in the group (else the local part of the address)
 * @param affiliation the person's standing in the group
 * @param online      whether the person is in the group now
 * @since 1.3
 */
public record GroupMember(String group, String account, String nickname, Affiliation affiliation, boolean online) {

    /** XEP-0045 affiliations that make someone part of a group (and NONE for a visitor). */
    public enum Affiliation {
        OWNER, ADMIN, MEMBER, NONE
    }

    public GroupMember {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(affiliation, "affiliation");
    }
}
