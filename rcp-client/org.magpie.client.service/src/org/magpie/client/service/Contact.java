package org.magpie.client.service;

import java.util.Objects;

/**
 * One entry of the user's contact list (roster) as the client shows it.
 *
 * @param account        the contact's bare address ({@code bob@example})
 * @param nickname       the contact's nickname (from the server), else the local part of the address
 * @param online         whether at least one of the contact's sessions is available
 * @param status         the contact's status text while online, or null
 * @param subscription   whose presence each side sees
 * @param requestPending whether this user's friend request to the contact is still unanswered
 * @since 1.2
 */
public record Contact(String account, String nickname, boolean online, String status, Subscription subscription,
        boolean requestPending) {

    /** RFC 6121 subscription states, seen from this user. */
    public enum Subscription {
        /** Neither side sees the other's presence. */
        NONE,
        /** This user sees the contact's presence (the contact accepted this user's request). */
        TO,
        /** The contact sees this user's presence. */
        FROM,
        /** Both see each other: mutual friends. */
        BOTH
    }

    public Contact {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(subscription, "subscription");
    }

    /** Whether this user sees the contact's presence, i.e. the contact accepted a request. */
    public boolean isFriend() {
        return subscription == Subscription.TO || subscription == Subscription.BOTH;
    }

    /** The same contact with another presence. */
    public Contact withPresence(boolean nowOnline, String newStatus) {
        return new Contact(account, nickname, nowOnline, newStatus, subscription, requestPending);
    }
}
