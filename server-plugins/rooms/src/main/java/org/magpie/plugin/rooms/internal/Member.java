package org.magpie.plugin.rooms.internal;

import java.time.Instant;
import java.util.Objects;

/**
 * A stored affiliation of a user (bare JID) with a group: the nickname last used there, and when the
 * user first entered as a member ({@code joined}; null for members added by an admin who have not
 * entered yet).
 */
record Member(String user, Affiliation affiliation, String nickname, Instant joined) {

    Member {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(affiliation, "affiliation");
    }

    Member withAffiliation(Affiliation a) {
        return new Member(user, a, nickname, joined);
    }

    Member entered(String nick, Instant when) {
        return new Member(user, affiliation, nick, joined == null ? when : joined);
    }
}
