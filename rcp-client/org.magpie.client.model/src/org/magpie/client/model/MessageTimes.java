package org.magpie.client.model;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/** How a message's time is shown: the time only for today, the date too for older messages. */
public final class MessageTimes {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final Clock clock;

    public MessageTimes(Clock clock) {
        this.clock = clock;
    }

    public String format(Instant time) {
        ZonedDateTime t = time.atZone(clock.getZone());
        return t.toLocalDate().equals(LocalDate.now(clock)) ? TIME.format(t) : DATE_TIME.format(t);
    }
}
