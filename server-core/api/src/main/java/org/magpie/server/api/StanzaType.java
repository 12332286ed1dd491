package org.magpie.server.api;

/**
 * The {@code type} attribute of a stanza, one enum per stanza kind ({@link IqType},
 * {@link MessageType}, {@link PresenceType}), so that code compares constants, not strings.
 */
public sealed interface StanzaType permits IqType, MessageType, PresenceType {

    /** The attribute value, or null where the type is written by leaving the attribute out. */
    String xmlName();
}
