package org.magpie.server.core.routing;

import org.magpie.server.api.IqType;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/** Questions about stanza types that do not depend on the kind, and errors for stanzas that did not parse. */
final class StanzaTypes {

    private StanzaTypes() {
    }

    /** Whether it is an error of its kind: errors are never answered with errors (RFC 6120 8.3.1). */
    static boolean isError(Stanza stanza) {
        return switch (stanza.kind()) {
            case IQ -> stanza.is(IqType.ERROR);
            case MESSAGE -> stanza.is(MessageType.ERROR);
            case PRESENCE -> stanza.is(PresenceType.ERROR);
        };
    }

    /** The same for an element that is not a valid stanza: every kind writes its error type the same way. */
    static boolean isError(Element element) {
        return IqType.ERROR.xmlName().equals(element.attribute("type"));
    }

    /** Whether an IQ is a get or a set, which must be answered; false for anything else. */
    static boolean isRequest(Stanza stanza) {
        return stanza.iqType().map(IqType::isRequest).orElse(false);
    }

    /** An error reply built from the raw element, for stanzas whose addresses did not parse. */
    static Stanza rawError(Element element, StanzaError error) {
        Element.Builder b = Element.builder(element.name(), Namespaces.CLIENT)
                .attribute("type", IqType.ERROR.xmlName()).attribute("id", element.attribute("id"));
        if (!element.name().equals(Stanza.Kind.IQ.elementName())) {
            b.children(element.elements());
        }
        b.child(error.toElement());
        try {
            return Stanza.of(b.build());
        } catch (StanzaException e) {
            throw new IllegalStateException(e);
        }
    }
}
