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
        for (IqType t : values()) {
            if (t.xmlName.equals(value)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
