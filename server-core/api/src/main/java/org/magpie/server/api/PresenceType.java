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
        // asked for every presence: no array copy, no new Optional
        if (value == null) {
            return FOUND[0];
        }
        for (int i = 1; i < ALL.length; i++) {
            if (value.equals(ALL[i].xmlName)) {
                return FOUND[i];
            }
        }
        return Optional.empty();
    }

    private static final PresenceType[] ALL = values();
    @SuppressWarnings("unchecked")
    private static final Optional<PresenceType>[] FOUND = java.util.Arrays.stream(ALL).map(Optional::of)
            .toArray(Optional[]::new);
}
