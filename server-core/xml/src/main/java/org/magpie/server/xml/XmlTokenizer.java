package org.magpie.server.xml;

import static org.magpie.server.api.StreamErrorCondition.NOT_WELL_FORMED;
import static org.magpie.server.xml.XmlErrors.internal;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import java.util.function.BooleanSupplier;
import javax.xml.stream.XMLStreamException;
import org.magpie.server.api.xml.Element;

/**
 * The XML tokens of one stream, from aalto's non-blocking reader: events with stream offsets that
 * stay right across reader replacements, errors as stream errors, and the names of the current start
 * tag as the element model wants them.
 */
final class XmlTokenizer {

    private static final byte[] NO_BYTES = new byte[0];

    private final AaltoReaders readers = new AaltoReaders();
    private final BooleanSupplier doctypeInProlog;
    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader = readers.fresh();
    /** Bytes handed to aalto so far, i.e. the stream offset where its input ends. */
    private long fed;
    /** aalto's byte offset minus the stream offset, for the reader's current input. */
    private long bias;
    private int readersCreated = 1;

    /** @param doctypeInProlog whether a DOCTYPE has begun before the stream header (see {@link XmlErrors#classify}) */
    XmlTokenizer(BooleanSupplier doctypeInProlog) {
        this.doctypeInProlog = doctypeInProlog;
    }

    /** The reader, for the details of the current event. */
    AsyncXMLStreamReader<AsyncByteArrayFeeder> reader() {
        return reader;
    }

    /** Bytes fed so far. */
    long fed() {
        return fed;
    }

    void feed(byte[] buf, int offset, int length) throws XmlStreamException {
        long start = fed;
        fed += length;
        feedReader(buf, offset, length, start);
    }

    private void feedReader(byte[] buf, int offset, int length, long streamOffset) throws XmlStreamException {
        try {
            reader.getInputFeeder().feedInput(buf, offset, length);
            // aalto's offsets count earlier feeds plus the index into the current array, so they are off
            // by the array offset; measure the difference instead of assuming it.
            bias = reader.getLocationInfo().getEndingByteOffset() - streamOffset;
        } catch (XMLStreamException e) {
            throw internal(e);
        }
    }

    /** The next event, or {@link AsyncXMLStreamReader#EVENT_INCOMPLETE} when aalto needs more input. */
    int next() throws XmlStreamException {
        try {
            return reader.next();
        } catch (XMLStreamException e) {
            throw classify(e);
        } catch (UncheckedStreamException e) {
            throw e.getCause() instanceof XMLStreamException x ? classify(x) : internal(e);
        } catch (RuntimeException e) {
            // aalto checks the reserved prefix xmlns on element names only by failing to bind it (found by
            // fuzzing: <xmlns:q/>); that is the peer's mistake, not the parser breaking
            if (String.valueOf(e.getMessage()).startsWith("Trying to create non-singleton binding for ns prefix")) {
                throw new XmlStreamException(NOT_WELL_FORMED,
                        "the prefix xmlns is reserved for namespace declarations (Namespaces in XML 1.0, 3)", e);
            }
            throw internal(e);
        }
    }

    /** The stream offset just after the current event. */
    long position() throws XmlStreamException {
        try {
            return reader.getLocationInfo().getEndingByteOffset() - bias;
        } catch (XMLStreamException e) {
            throw classify(e);
        }
    }

    /**
     * Replaces the reader with a fresh one (an empty symbol table), primed with {@code startTags} (those of
     * the stream root and the open elements) so that it resolves prefixes and matches end tags as before,
     * and hands it what the old one had not read yet of the input, which ends at {@code end} in {@code buf}.
     * Only right after an end tag: then aalto holds no partial token.
     */
    void replaceReader(CharSequence startTags, byte[] buf, int end) throws XmlStreamException {
        long position = position();
        try {
            reader = readers.primed(startTags);
        } catch (XMLStreamException e) {
            throw internal(e);
        }
        readersCreated++;
        int rest = (int) (fed - position);
        if (rest > 0) {
            feedReader(buf, end - rest, rest, position);
        }
    }

    int readersCreated() {
        return readersCreated;
    }

    /** Makes the reader drop its reference to the caller's array, which MINA may reuse or want freed. */
    void releaseInput() throws XmlStreamException {
        try {
            reader.getInputFeeder().feedInput(NO_BYTES, 0, 0);
        } catch (XMLStreamException e) {
            throw internal(e);
        }
    }

    /** Drops the reader, for a parser that is dead. */
    void release() {
        reader = null;
    }

    XmlStreamException classify(XMLStreamException e) {
        return XmlErrors.classify(e, doctypeInProlog.getAsBoolean());
    }

    /** The current start tag's name as written. */
    String qname() {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ':' + reader.getLocalName();
    }

    /** The attribute's key in an {@link Element}: its namespace is kept, its prefix is not (see Element). */
    String attributeName(int i) {
        return Element.qualifiedName(reader.getAttributeNamespace(i), reader.getAttributeLocalName(i));
    }

    /** The namespace declarations of the current start tag as prefix/URI pairs ("" for default), or null. */
    String[] namespaces() {
        int n = reader.getNamespaceCount();
        if (n == 0) {
            return null;
        }
        String[] result = new String[2 * n];
        for (int i = 0; i < n; i++) {
            result[2 * i] = orEmpty(reader.getNamespacePrefix(i));
            result[2 * i + 1] = orEmpty(reader.getNamespaceURI(i));
        }
        return result;
    }

    static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
