package org.magpie.client.service;

import java.time.Instant;
import java.util.Objects;

/**
 * A notice from the server itself to everybody online (an administrator's announcement).
 *
 * @param from    the server's address
 * @param subject the title, or null
 * @param text    the announcement
 * @param time    when it arrived
 * @since 1.3
 */
public record Announcement(String from, String subject, String text, Instant time) {

    public Announcement {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(time, "time");
    }
}
