package org.magpie.server.core.session;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/** A stanza queued behind an earlier one's pending verdict, with what it costs to hold. */
record Waiting(Element element, int bytes) {

    /** Roughly what an element takes in memory beyond its text: objects, maps, lists. */
    private static final int OVERHEAD = 256;

    /** The stanza's serialized length (characters; near enough to its bytes) plus the objects around it. */
    static int bytes(Element stanza) {
        return stanza.toXml(Namespaces.CLIENT).length() + OVERHEAD;
    }
}
