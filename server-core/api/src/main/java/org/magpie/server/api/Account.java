package org.magpie.server.api;

import java.time.Instant;
import java.util.Objects;

/** A registered account: its normalised username (the JID localpart), nickname and creation time. */
public record Account(String username, String nickname, Instant created) {

    public Account {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(nickname, "nickname");
        Objects.requireNonNull(created, "created");
    }
}
