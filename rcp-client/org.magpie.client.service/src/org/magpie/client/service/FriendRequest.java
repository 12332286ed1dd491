package org.magpie.client.service;

import java.util.Objects;

/**
 * Someone asks to become this user's friend (an incoming presence subscription request). Until it
 * is accepted or rejected the server delivers it again at every login.
 *
 * @param from     the requester's bare address
 * @param nickname the requester's nickname as the request carries it, else the local part of the address
 * @param greeting the text the requester wrote with the request, or null
 * @since 1.2
 */
public record FriendRequest(String from, String nickname, String greeting) {

    public FriendRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(nickname, "nickname");
    }
}
