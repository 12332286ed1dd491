package org.magpie.server.api;

import java.util.Locale;
import java.util.Optional;

/** The type of an IQ (RFC 6120 section 8.2.3): a request ({@link #GET}, {@link #SET}) or its answer. */
public enum IqType implements StanzaType {
    GET, SET, RESULT, ERROR;

    private final String xmlName = name().toLowerCase(Locale.ROOT);

    @Override
    public String xmlName() {
        return xmlName;
    }

    public boolean isRequest() {
        return this == GET || this == SET;
    }

    /** The type of an attribute value; empty for a missing or unknown one (an IQ must have a valid type). */
    public static Optional<IqType> of(String value) {
        // asked for every stanza: no array copy, no new Optional
        for (int i = 0; i < ALL.length; i++) {
            if (ALL[i].xmlName.equals(value)) {
                return FOUND[i];
            }
        }
        return Optional.empty();
    }

    private static final IqType[] ALL = values();
    @SuppressWarnings("unchecked")
    private static final Optional<IqType>[] FOUND = java.util.Arrays.stream(ALL).map(Optional::of).toArray(Optional[]::new);
}
