package org.magpie.server.api.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/**
 * What ElementRoundTripFuzzTest and XmppStreamParserFuzzTest found: keys and namespaces an element accepted but
 * could not write as namespace-well-formed XML.
 */
class ElementNamespaceTest {

    @Test
    void aNamespaceMayContainACurlyBracket() {
        Element e = Element.builder("e", "").attribute("{urn:x}y}a", "1").attribute("urn:}", "b", "2").build();
        assertEquals("<e xmlns=\"\" xmlns:ns0=\"urn:x}y\" ns0:a=\"1\" xmlns:ns1=\"urn:}\" ns1:b=\"2\"/>", e.toXml());
        assertEquals("1", e.attribute("urn:x}y", "a"));
    }

    @Test
    void aClarkKeyNeedsANamespaceOtherThanTheReservedOnes() {
        Element.Builder b = Element.builder("e", "");
        assertThrows(IllegalArgumentException.class, () -> b.attribute("{}a", "1"));
        assertThrows(IllegalArgumentException.class, () -> b.attribute("{" + Element.XML_NAMESPACE + "}lang", "en"));
        assertThrows(IllegalArgumentException.class, () -> b.attribute("{http://www.w3.org/2000/xmlns/}q", "urn:q"));
        b.attribute(Element.XML_NAMESPACE, "lang", "en"); // the way to name it: xml:lang
        assertEquals("<e xml:lang=\"en\"/>", b.build().toXml(""));
    }

    @Test
    void noElementIsInAReservedNamespace() {
        assertThrows(IllegalArgumentException.class, () -> Element.of("e", Element.XML_NAMESPACE));
        assertThrows(IllegalArgumentException.class, () -> Element.builder("e", "http://www.w3.org/2000/xmlns/").build());
    }
}
