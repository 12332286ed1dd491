package org.magpie.server.api;

import java.util.Locale;

/** The type of a message (RFC 6121 section 5.2.2). */
public enum MessageType implements StanzaType {
    NORMAL, CHAT, GROUPCHAT, HEADLINE, ERROR;

    private static final MessageType[] ALL = values();

    private final String xmlName = name().toLowerCase(Locale.ROOT);

    @Override
    public String xmlName() {
        return xmlName;
    }

    /** The type of an attribute value: a missing or unknown type means {@link #NORMAL}, as RFC 6121 says. */
    public static MessageType of(String value) {
        if (value == null) {
            return NORMAL;
        }
        for (MessageType t : ALL) { // asked for every message: no array copy
            if (t.xmlName.equals(value)) {
                return t;
            }
        }
        return NORMAL;
    }
}
