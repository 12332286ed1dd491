package org.magpie.plugin.roster.internal;

import java.util.Locale;

/**
 * The subscription state of a roster item (RFC 6121 §2.1.2.5), seen from the item's owner:
 * {@code to} = the owner receives the contact's presence, {@code from} = the contact receives the
 * owner's. The transitions are those of RFC 6121 Appendix A; pending states live next to it (the
 * item's {@code ask} for pending-out, a stored request for pending-in).
 */
enum Subscription {
    NONE, TO, FROM, BOTH;

    String xmlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Subscription of(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    /** The owner receives the contact's presence. */
    boolean hasTo() {
        return this == TO || this == BOTH;
    }

    /** The contact receives the owner's presence. */
    boolean hasFrom() {
        return this == FROM || this == BOTH;
    }

    /** The contact approved the owner's request: none → to, from → both. */
    Subscription withTo() {
        return hasFrom() ? BOTH : TO;
    }

    /** The owner's subscription to the contact ended: to → none, both → from. */
    Subscription withoutTo() {
        return hasFrom() ? FROM : NONE;
    }

    /** The owner approved the contact's request: none → from, to → both. */
    Subscription withFrom() {
        return hasTo() ? BOTH : FROM;
    }

    /** The contact's subscription to the owner ended: from → none, both → to. */
    Subscription withoutFrom() {
        return hasTo() ? TO : NONE;
    }
}
