package org.magpie.plugin.pep.internal;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.magpie.server.api.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads XML this plugin stored (an item's payload, a private storage element) back into an element.
 * The XML came from the server's own serializer, so it is well formed; the JDK's StAX reads it with
 * DTDs and external entities off all the same.
 */
final class StoredXml {

    private static final Logger LOG = LoggerFactory.getLogger(StoredXml.class);

    private static final XMLInputFactory FACTORY = factory();

    private StoredXml() {
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newDefaultFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    static Optional<Element> parse(String xml) {
        try {
            XMLStreamReader r = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                return Optional.ofNullable(read(r));
            } finally {
                r.close();
            }
        } catch (XMLStreamException | RuntimeException e) {
            LOG.warn("ignoring stored XML that does not parse: {}", e.getMessage());
            return Optional.empty();
        }
    }

    private static Element read(XMLStreamReader r) throws XMLStreamException {
        Deque<Element.Builder> open = new ArrayDeque<>();
        while (r.hasNext()) {
            switch (r.next()) {
                case XMLStreamConstants.START_ELEMENT -> {
                    String ns = r.getNamespaceURI();
                    Element.Builder b = Element.builder(r.getLocalName(), ns == null ? "" : ns);
                    for (int i = 0; i < r.getAttributeCount(); i++) {
                        String attrNs = r.getAttributeNamespace(i);
                        if (attrNs == null || attrNs.isEmpty()) {
                            b.attribute(r.getAttributeLocalName(i), r.getAttributeValue(i));
                        } else {
                            b.attribute(attrNs, r.getAttributeLocalName(i), r.getAttributeValue(i));
                        }
                    }
                    open.push(b);
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    if (!open.isEmpty()) {
                        open.peek().text(r.getText());
                    }
                }
                case XMLStreamConstants.END_ELEMENT -> {
                    Element done = open.pop().build();
                    if (open.isEmpty()) {
                        return done;
                    }
                    open.peek().child(done);
                }
                default -> {
                }
            }
        }
        return null;
    }
}
