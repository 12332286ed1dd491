package org.magpie.server.xml;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * Makes the aalto readers of one stream: configured for XMPP, and primed to continue a stream in the
 * middle when the parser replaces a reader whose name table has grown (see
 * {@link XmppStreamParser#DEFAULT_NAMES_PER_READER}).
 */
final class AaltoReaders {

    private final AsyncXMLInputFactory factory;

    AaltoReaders() {
        // One factory per parser: a factory holds a symbol table that closed readers merge into and a
        // synchronized namespace-URI cache, so a shared one would make streams contend and share state.
        // DTD support off and external entities off: nothing is ever resolved or loaded. DTDs are still
        // reported (or fail to parse), and are refused explicitly, see DoctypeScan.
        AsyncXMLInputFactory f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        // The async reader cannot coalesce text; text events are merged by OpenElements instead.
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        // Lazy parsing must stay on: aalto's async reader fails with an internal error on character
        // references when it is off. Text is therefore decoded in the getters, see XmppStreamParser.characters().
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, Boolean.TRUE);
        this.factory = f;
    }

    /** A reader for the start of a stream. */
    AsyncXMLStreamReader<AsyncByteArrayFeeder> fresh() {
        return factory.createAsyncForByteArray();
    }

    /**
     * A fresh reader (an empty symbol table), primed with the start tags in {@code startTags} (the stream
     * root's and the open elements') so that it resolves prefixes and matches end tags as the old one did.
     */
    AsyncXMLStreamReader<AsyncByteArrayFeeder> primed(CharSequence startTags) throws XMLStreamException {
        byte[] primer = startTags.toString().getBytes(StandardCharsets.UTF_8);
        AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = factory.createAsyncForByteArray();
        reader.getInputFeeder().feedInput(primer, 0, primer.length);
        while (reader.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
            // the primer's own events are not part of the stream
        }
        return reader;
    }

    /** A start tag with the namespace declarations as prefix/URI pairs ("" for the default namespace). */
    static void appendStartTag(StringBuilder sb, String qname, String[] namespaces) {
        sb.append('<').append(qname);
        if (namespaces != null) {
            for (int i = 0; i < namespaces.length; i += 2) {
                sb.append(" xmlns");
                if (!namespaces[i].isEmpty()) {
                    sb.append(':').append(namespaces[i]);
                }
                sb.append("=\"");
                String uri = namespaces[i + 1];
                for (int k = 0; k < uri.length(); k++) {
                    char c = uri.charAt(k);
                    switch (c) {
                        case '&' -> sb.append("&amp;");
                        case '<' -> sb.append("&lt;");
                        case '"' -> sb.append("&quot;");
                        case '\t', '\n', '\r' -> sb.append("&#").append((int) c).append(';'); // survive normalisation
                        default -> sb.append(c);
                    }
                }
                sb.append('"');
            }
        }
        sb.append('>');
    }
}
