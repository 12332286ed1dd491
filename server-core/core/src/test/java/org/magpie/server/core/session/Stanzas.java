package org.magpie.server.core.session;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.xml.StanzaText;

/** Stanzas for tests, written as the XML a client sends (in jabber:client). */
public final class Stanzas {

    private Stanzas() {
    }

    /** The element of one stanza's XML, parsed as the server parses it. */
    public static Element element(String xml) {
        return StanzaText.read(xml);
    }

    public static Stanza stanza(String xml) {
        try {
            return Stanza.of(element(xml));
        } catch (StanzaException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
