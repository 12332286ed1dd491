package org.magpie.server.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The type of a presence (RFC 6121 section 4.7.1). {@link #AVAILABLE} is written by leaving the
 * attribute out; the others concern availability ({@link #UNAVAILABLE}, {@link #PROBE}), subscriptions
 * or an error.
 */
public enum PresenceType implements StanzaType {
    AVAILABLE, UNAVAILABLE, SUBSCRIBE, SUBSCRIBED, UNSUBSCRIBE, UNSUBSCRIBED, PROBE, ERROR;

    private final String xmlName = "AVAILABLE".equals(name()) ? null : name().toLowerCase(Locale.ROOT);

    @Override
    public String xmlName() {
        return xmlName;
    }

    /** A subscription request or answer, which the roster handles. */
    public boolean isSubscription() {
        return this == SUBSCRIBE || this == SUBSCRIBED || this == UNSUBSCRIBE || this == UNSUBSCRIBED;
    }

    /** The type of an attribute value: missing means available; empty for an unknown value. */
    public static Optional<PresenceType> of(String value) {
        if (value == null) {
            return Optional.of(AVAILABLE);
        }
        for (PresenceType t : values()) {
            if (value.equals(t.xmlName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
