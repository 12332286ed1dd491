package org.magpie.server.api;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.jxmpp.jid.Jid;
import org.magpie.server.api.xml.Element;

/**
 * XEP-0203 delayed delivery: the {@code <delay/>} a stanza gets when it is handed over later than it
 * was sent (offline messages, a group's history, a presence kept for later).
 */
public final class Delay {

    private Delay() {
    }

    /** {@code <delay xmlns='urn:xmpp:delay' from='by' stamp='...'/>}, the stamp in UTC to the millisecond. */
    public static Element of(Jid by, Instant stamp) {
        return Element.builder("delay", Namespaces.DELAY)
                .attribute("from", by == null ? null : by.toString())
                .attribute("stamp", stamp(stamp)).build();
    }

    /** The XEP-0082 date-time of an instant, as a delay stamp writes it. */
    public static String stamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    /** Whether {@code e} is a delay, and one added by {@code by} when {@code by} is given. */
    public static boolean isDelay(Element e, Jid by) {
        return e.is("delay", Namespaces.DELAY) && (by == null || by.toString().equals(e.attribute("from")));
    }

    /** The instant of a delay element, if it has a valid one. */
    public static Optional<Instant> instant(Element delay) {
        try {
            return Optional.of(Instant.parse(delay.attribute("stamp")));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
