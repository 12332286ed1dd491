package org.magpie.server.xml;

import static org.magpie.server.api.StreamErrorCondition.BAD_NAMESPACE_PREFIX;
import static org.magpie.server.api.StreamErrorCondition.INTERNAL_SERVER_ERROR;
import static org.magpie.server.api.StreamErrorCondition.INVALID_NAMESPACE;
import static org.magpie.server.api.StreamErrorCondition.NOT_WELL_FORMED;
import static org.magpie.server.api.StreamErrorCondition.POLICY_VIOLATION;
import static org.magpie.server.api.StreamErrorCondition.RESTRICTED_XML;
import static org.magpie.server.api.StreamErrorCondition.UNSUPPORTED_ENCODING;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Text;

/**
 * Turns the bytes of one XMPP stream into a header, top-level elements and a close, without blocking.
 * One instance per stream: the core makes a new one after STARTTLS and after SASL success.
 *
 * <p>Input may be split anywhere, even inside a UTF-8 sequence; all events of the bytes given to
 * {@link #feed} are delivered before it returns. XML that RFC 6120 §11 forbids (DTDs, comments,
 * processing instructions, entity references other than the predefined ones) ends the stream, as do
 * malformed XML and input beyond the {@link ParserLimits}. After an {@link XmlStreamException} the
 * parser is dead: every later feed throws the same condition.
 *
 * <p>Not thread-safe: feed it from one thread at a time (MINA does so per session).
 */
public final class XmppStreamParser {

    /** Input reaches aalto in slices of at most this size, so limits are checked at least this often. */
    private static final int SLICE = 8 * 1024;

    /**
     * How many element and attribute names one aalto reader may see before it is replaced. aalto keeps
     * every distinct name in a per-reader table whose inserts slow down sharply past roughly 10k names
     * (2 s of CPU for 1 MB of unique names), and the peer chooses the names.
     */
    static final int DEFAULT_NAMES_PER_READER = 2048;

    /** A text buffer grown beyond this by one large stanza is dropped rather than kept for the session. */
    private static final int TEXT_BUFFER_KEEP = 8 * 1024;

    private static final byte[] NO_BYTES = new byte[0];

    private enum State { PROLOG, OPEN, CLOSED, FAILED }

    /** An element whose end tag has not arrived yet. */
    private static final class Frame {
        final String qname;
        final String[] namespaces;
        final Element.Builder builder;

        Frame(String qname, String[] namespaces, Element.Builder builder) {
            this.qname = qname;
            this.namespaces = namespaces;
            this.builder = builder;
        }
    }

    private final ParserLimits limits;
    private final StreamListener listener;
    private final int namesPerReader;
    private final AsyncXMLInputFactory factory;
    private AsyncXMLStreamReader<AsyncByteArrayFeeder> reader;

    private State state = State.PROLOG;
    private boolean stopped;
    private boolean busy;
    private XmlStreamException failure;

    /** Bytes handed to aalto so far, i.e. the stream offset where its input ends. */
    private long fed;
    /** aalto's byte offset minus the stream offset, for the reader's current input. */
    private long bias;
    /** Stream offset where the top-level item now arriving began (end of the last complete one). */
    private long boundary;
    /** Progress in matching {@code <!D} while still in the prolog. */
    private int doctypeMatch;
    private boolean doctypeSeen;

    /** The start of a UTF-8 sequence that the last feed cut off. */
    private final byte[] carry = new byte[4];
    private int carryLen;
    /** Copy buffer for ByteBuffers without an accessible array. */
    private byte[] scratch;

    private String rootQName;
    private String[] rootNamespaces;
    private final ArrayList<Frame> open = new ArrayList<>();
    /** Character data of the innermost open element since its last child: adjacent text, CDATA and
     * character references become one Text. */
    private StringBuilder text = new StringBuilder();
    private int namesSinceNewReader;
    private int readersCreated = 1;
    /**
     * Characters of attribute namespaces in the keys of the stanza now arriving. A key names its namespace in
     * full ({uri}local, see Element), so one long namespace used by many short attributes would otherwise make
     * a stanza far larger in memory than on the wire; these characters count against the stanza limit.
     */
    private long attributeNamespaceChars;

    public XmppStreamParser(ParserLimits limits, StreamListener listener) {
        this(limits, listener, DEFAULT_NAMES_PER_READER);
    }

    /** For tests: a small {@code namesPerReader} replaces the aalto reader often. */
    XmppStreamParser(ParserLimits limits, StreamListener listener, int namesPerReader) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.listener = Objects.requireNonNull(listener, "listener");
        if (namesPerReader <= 0) {
            throw new IllegalArgumentException("namesPerReader must be positive");
        }
        this.namesPerReader = namesPerReader;
        // One factory per parser: a factory holds a symbol table that closed readers merge into and a
        // synchronized namespace-URI cache, so a shared one would make streams contend and share state.
        // DTD support off and external entities off: nothing is ever resolved or loaded. DTDs are still
        // reported (or fail to parse), and are refused explicitly, see scanForDoctype().
        AsyncXMLInputFactory f = new InputFactoryImpl();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, Boolean.FALSE);
        f.setProperty(XMLInputFactory.IS_VALIDATING, Boolean.FALSE);
        // The async reader cannot coalesce text; text events are merged here instead.
        f.setProperty(XMLInputFactory.IS_COALESCING, Boolean.FALSE);
        // Lazy parsing must stay on: aalto's async reader fails with an internal error on character
        // references when it is off. Text is therefore decoded in the getters, see characters().
        f.setProperty(XMLInputFactory2.P_LAZY_PARSING, Boolean.TRUE);
        this.factory = f;
        this.reader = f.createAsyncForByteArray();
    }

    /**
     * Parses {@code length} bytes and delivers their events to the listener. Bytes after the stream's
     * end tag, or after {@link #stop()}, are ignored.
     *
     * @throws XmlStreamException    the stream must be closed with {@link XmlStreamException#condition()}
     * @throws IllegalStateException when called from a listener callback
     */
    public void feed(byte[] data, int offset, int length) throws XmlStreamException {
        Objects.checkFromIndexSize(offset, length, data.length);
        if (busy) {
            throw new IllegalStateException("feed() called from a StreamListener callback");
        }
        if (failure != null) {
            throw new XmlStreamException(failure.condition(), failure.getMessage(), failure);
        }
        busy = true;
        try {
            if (active()) {
                consume(data, offset, length);
                releaseInput();
            }
        } catch (XmlStreamException e) {
            fail(e);
            throw e;
        } catch (RuntimeException | Error e) { // from the listener, or a bug; either way the state is lost
            fail(new XmlStreamException(INTERNAL_SERVER_ERROR, "stream parser failed: " + e, e));
            throw e;
        } finally {
            busy = false;
        }
    }

    /** Parses all remaining bytes of the buffer and moves its position to its limit. */
    public void feed(ByteBuffer buffer) throws XmlStreamException {
        if (buffer.hasArray()) {
            int position = buffer.position();
            int length = buffer.remaining();
            buffer.position(buffer.limit());
            feed(buffer.array(), buffer.arrayOffset() + position, length);
            return;
        }
        try {
            if (scratch == null) {
                scratch = new byte[SLICE];
            }
            byte[] copy = scratch;
            while (buffer.hasRemaining()) {
                int n = Math.min(buffer.remaining(), copy.length);
                buffer.get(copy, 0, n);
                feed(copy, 0, n);
            }
        } finally {
            buffer.position(buffer.limit());
        }
    }

    /**
     * Delivers no more events, not even for the rest of the bytes being fed, and ignores later input.
     * For the core to call from a callback when the rest of the input is not XML for this stream
     * (after {@code <starttls/>}, say, where pipelined plaintext must be dropped).
     */
    public void stop() {
        stopped = true;
    }

    private boolean active() {
        return !stopped && (state == State.PROLOG || state == State.OPEN);
    }

    private void fail(XmlStreamException e) {
        state = State.FAILED;
        failure = e;
        release();
    }

    private void release() {
        reader = null;
        open.clear();
        text = null;
        scratch = null;
    }

    /** Makes the reader drop its reference to the caller's array, which MINA may reuse or want freed. */
    private void releaseInput() throws XmlStreamException {
        if (!active()) {
            release();
            return;
        }
        try {
            reader.getInputFeeder().feedInput(NO_BYTES, 0, 0);
        } catch (XMLStreamException e) {
            throw internal(e);
        }
    }

    // ---- bytes: UTF-8 checking and slicing

    private void consume(byte[] data, int offset, int length) throws XmlStreamException {
        int end = offset + length;
        int i = offset;
        if (carryLen > 0) { // complete the character the last feed cut off
            while (i < end) {
                carry[carryLen++] = data[i++];
                int n = Utf8.check(carry, 0, carryLen);
                if (n < 0) {
                    throw badUtf8(fed + carryLen - 1);
                }
                if (n > 0) {
                    carryLen = 0;
                    parse(carry, 0, n);
                    break;
                }
            }
        }
        while (i < end && active()) {
            int sliceEnd = Math.min(end, i + SLICE);
            int valid = Utf8.validPrefix(data, i, sliceEnd);
            if (valid > i) {
                parse(data, i, valid - i);
            }
            if (valid == sliceEnd || !active()) {
                i = valid;
                continue;
            }
            if (Utf8.check(data, valid, sliceEnd) < 0) {
                throw badUtf8(fed);
            }
            if (sliceEnd == end) { // a character cut off by the end of this feed
                carryLen = end - valid;
                System.arraycopy(data, valid, carry, 0, carryLen);
                return;
            }
            i = valid; // cut off by the slice only: the next slice starts with it
        }
    }

    private static XmlStreamException badUtf8(long streamOffset) {
        return new XmlStreamException(NOT_WELL_FORMED, "invalid UTF-8 near byte " + streamOffset);
    }

    // ---- aalto

    private void parse(byte[] buf, int offset, int length) throws XmlStreamException {
        if (state == State.PROLOG) {
            scanForDoctype(buf, offset, length);
        }
        long start = fed;
        fed += length;
        feedReader(buf, offset, length, start);
        drain(buf, offset + length);
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

    /** Handles events until aalto needs more input; {@code end} is where the reader's input ends in buf. */
    private void drain(byte[] buf, int end) throws XmlStreamException {
        while (active()) {
            int event = next();
            if (event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                checkIncomplete();
                return;
            }
            if (state == State.PROLOG) {
                prologEvent(event);
            } else {
                streamEvent(event);
            }
            // Only after an end tag: then aalto holds no partial token, and the open elements are known.
            if (event == XMLStreamConstants.END_ELEMENT && namesSinceNewReader >= namesPerReader && active()) {
                long position = position();
                newReader();
                int rest = (int) (fed - position);
                if (rest > 0) {
                    feedReader(buf, end - rest, rest, position);
                }
            }
        }
    }

    private int next() throws XmlStreamException {
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
    private long position() throws XmlStreamException {
        try {
            return reader.getLocationInfo().getEndingByteOffset() - bias;
        } catch (XMLStreamException e) {
            throw classify(e);
        }
    }

    /**
     * Replaces the reader with a fresh one (an empty symbol table), primed with the start tags of the
     * stream root and the open elements so that it resolves prefixes and matches end tags as before.
     */
    private void newReader() throws XmlStreamException {
        StringBuilder sb = new StringBuilder(128);
        appendStartTag(sb, rootQName, rootNamespaces);
        for (Frame f : open) {
            appendStartTag(sb, f.qname, f.namespaces);
        }
        byte[] primer = sb.toString().getBytes(StandardCharsets.UTF_8);
        AsyncXMLStreamReader<AsyncByteArrayFeeder> fresh = factory.createAsyncForByteArray();
        try {
            fresh.getInputFeeder().feedInput(primer, 0, primer.length);
            while (fresh.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                // the primer's own events are not part of the stream
            }
        } catch (XMLStreamException e) {
            throw internal(e);
        }
        reader = fresh;
        namesSinceNewReader = 0;
        readersCreated++;
    }

    /** For tests: how many aalto readers this parser has used. */
    int readersCreated() {
        return readersCreated;
    }

    private static void appendStartTag(StringBuilder sb, String qname, String[] namespaces) {
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

    // ---- events

    private void prologEvent(int event) throws XmlStreamException {
        switch (event) {
            case XMLStreamConstants.START_DOCUMENT -> {
                String encoding = reader.getCharacterEncodingScheme(); // as declared, null without a declaration
                if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
                    throw new XmlStreamException(UNSUPPORTED_ENCODING,
                            "the XML declaration names encoding " + encoding + "; XMPP uses UTF-8 only");
                }
            }
            case XMLStreamConstants.START_ELEMENT -> streamHeader();
            default -> restricted(event);
        }
    }

    private void streamHeader() throws XmlStreamException {
        long end = position();
        if (end > limits.maxBytesBeforeHeader()) {
            throw tooMuchBeforeHeader();
        }
        String ns = orEmpty(reader.getNamespaceURI());
        if (!"stream".equals(reader.getLocalName()) || !Namespaces.STREAMS.equals(ns)) {
            throw new XmlStreamException(INVALID_NAMESPACE, "the stream root must be <stream> in namespace "
                    + Namespaces.STREAMS + ", not <" + qname() + "> in namespace '" + ns + "'");
        }
        checkAttributeCount();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0, n = reader.getAttributeCount(); i < n; i++) {
            attributes.put(attributeName(i), reader.getAttributeValue(i));
        }
        String[] namespaces = namespaces();
        String defaultNamespace = null;
        if (namespaces != null) {
            for (int i = 0; i < namespaces.length; i += 2) {
                if (namespaces[i].isEmpty()) {
                    defaultNamespace = namespaces[i + 1];
                }
            }
        }
        rootQName = qname();
        rootNamespaces = namespaces;
        namesSinceNewReader += 1 + reader.getAttributeCount() + reader.getNamespaceCount();
        state = State.OPEN;
        boundary = end;
        listener.streamOpened(new StreamHeader(reader.getLocalName(), ns, orEmpty(reader.getPrefix()),
                defaultNamespace, attributes));
    }

    private void streamEvent(int event) throws XmlStreamException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> startElement();
            case XMLStreamConstants.END_ELEMENT -> endElement();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters();
            default -> restricted(event);
        }
    }

    private void startElement() throws XmlStreamException {
        if (open.size() >= limits.maxDepth()) {
            throw new XmlStreamException(POLICY_VIOLATION,
                    "elements nested deeper than " + limits.maxDepth() + " levels");
        }
        checkAttributeCount();
        checkStanzaSize();
        if (!open.isEmpty()) {
            flushText(open.get(open.size() - 1));
        }
        String namespace = orEmpty(reader.getNamespaceURI());
        checkName(reader.getPrefix(), reader.getLocalName(), namespace);
        // aalto lets <xml:x/> through; no default namespace declaration may name these, so such an element
        // cannot be forwarded as namespace-well-formed XML
        if (XMLConstants.XML_NS_URI.equals(namespace) || XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespace)) {
            throw new XmlStreamException(BAD_NAMESPACE_PREFIX, "<" + qname() + "> is in the reserved namespace "
                    + namespace + ", which no element may use");
        }
        int attributeCount = reader.getAttributeCount();
        if (open.isEmpty()) {
            attributeNamespaceChars = 0;
        }
        Element.Builder builder = Element.builder(reader.getLocalName(), namespace);
        for (int i = 0; i < attributeCount; i++) {
            String attributeNamespace = orEmpty(reader.getAttributeNamespace(i));
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attributeNamespace)) {
                throw new XmlStreamException(NOT_WELL_FORMED, "<" + qname() + "> has an attribute in the namespace of"
                        + " namespace declarations");
            }
            checkName(reader.getAttributePrefix(i), reader.getAttributeLocalName(i), attributeNamespace);
            attributeNamespaceChars += attributeNamespace.length();
            if (attributeNamespaceChars > limits.maxStanzaBytes()) {
                throw new XmlStreamException(POLICY_VIOLATION, "the namespaced attributes of a stanza name their"
                        + " namespaces in more than " + limits.maxStanzaBytes() + " characters in all");
            }
            try {
                builder.attribute(attributeName(i), reader.getAttributeValue(i));
            } catch (IllegalArgumentException e) { // a name the element model refuses: nothing a peer may send
                throw new XmlStreamException(NOT_WELL_FORMED, "<" + qname() + ">: " + e.getMessage(), e);
            }
        }
        open.add(new Frame(qname(), namespaces(), builder));
        namesSinceNewReader += 1 + attributeCount + reader.getNamespaceCount();
    }

    private void endElement() throws XmlStreamException {
        if (open.isEmpty()) { // </stream:stream>
            state = State.CLOSED;
            listener.streamClosed();
            return;
        }
        Frame frame = open.remove(open.size() - 1);
        flushText(frame);
        Element element = frame.builder.build();
        if (!open.isEmpty()) {
            open.get(open.size() - 1).builder.child(element);
            return;
        }
        checkStanzaSize();
        boundary = position();
        listener.element(element);
    }

    private void characters() throws XmlStreamException {
        char[] chars;
        int start;
        int length;
        try { // decodes the text now (lazy parsing), so malformed input may surface here
            chars = reader.getTextCharacters();
            start = reader.getTextStart();
            length = reader.getTextLength();
        } catch (UncheckedStreamException e) {
            throw e.getCause() instanceof XMLStreamException x ? classify(x) : internal(e);
        }
        if (open.isEmpty()) { // between stanzas only whitespace (keep-alives) may appear
            for (int i = start; i < start + length; i++) {
                char c = chars[i];
                if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                    throw new XmlStreamException(NOT_WELL_FORMED, "text directly inside the stream root");
                }
            }
            boundary = position();
            return;
        }
        checkStanzaSize();
        text.append(chars, start, length);
    }

    private void flushText(Frame frame) {
        if (text.length() > 0) {
            frame.builder.child(new Text(text.toString()));
            if (text.capacity() > TEXT_BUFFER_KEEP) {
                text = new StringBuilder();
            } else {
                text.setLength(0);
            }
        }
    }

    private void restricted(int event) throws XmlStreamException {
        String what = switch (event) {
            case XMLStreamConstants.COMMENT -> "comments";
            case XMLStreamConstants.PROCESSING_INSTRUCTION -> "processing instructions";
            case XMLStreamConstants.DTD -> "DTDs";
            case XMLStreamConstants.ENTITY_REFERENCE -> "entity references (&" + reader.getLocalName() + ";)";
            default -> null;
        };
        if (what == null) {
            throw new XmlStreamException(NOT_WELL_FORMED, "unexpected XML event " + event);
        }
        throw new XmlStreamException(RESTRICTED_XML, what + " are not allowed in XMPP (RFC 6120 11.1)");
    }

    // ---- limits

    /** Called when all input so far is consumed: whatever is unfinished must still fit its limit. */
    private void checkIncomplete() throws XmlStreamException {
        if (state == State.PROLOG) {
            if (doctypeSeen) { // fail at once rather than wait for the rest of the DOCTYPE
                throw new XmlStreamException(RESTRICTED_XML, "DTDs are not allowed in XMPP (RFC 6120 11.1)");
            }
            if (fed + carryLen > limits.maxBytesBeforeHeader()) {
                throw tooMuchBeforeHeader();
            }
        } else if (state == State.OPEN && fed - boundary > limits.maxStanzaBytes()) {
            throw stanzaTooLarge();
        }
    }

    private void checkStanzaSize() throws XmlStreamException {
        if (position() - boundary > limits.maxStanzaBytes()) {
            throw stanzaTooLarge();
        }
    }

    /**
     * A name the server will forward: aalto checks the local part of a prefixed name only loosely, and a name
     * or namespace longer than a recipient's parser reads would knock the recipient off.
     */
    private void checkName(String prefix, String local, String namespace) throws XmlStreamException {
        if (prefix != null && !prefix.isEmpty() && !XmlNames.isNcName(local)) {
            throw new XmlStreamException(NOT_WELL_FORMED, "'" + prefix + ":" + local + "' in <" + qname()
                    + "> is not an XML name");
        }
        if (local.length() > limits.maxNameLength() || namespace.length() > limits.maxNameLength()) {
            throw new XmlStreamException(POLICY_VIOLATION, "<" + qname() + "> uses a name or namespace longer than "
                    + limits.maxNameLength() + " characters");
        }
    }

    private void checkAttributeCount() throws XmlStreamException {
        int count = reader.getAttributeCount() + reader.getNamespaceCount();
        if (count > limits.maxAttributes()) {
            throw new XmlStreamException(POLICY_VIOLATION, "<" + qname() + "> has " + count
                    + " attributes and namespace declarations, more than " + limits.maxAttributes());
        }
    }

    private XmlStreamException stanzaTooLarge() {
        return new XmlStreamException(POLICY_VIOLATION, "stanza larger than " + limits.maxStanzaBytes() + " bytes");
    }

    private XmlStreamException tooMuchBeforeHeader() {
        return new XmlStreamException(POLICY_VIOLATION,
                "more than " + limits.maxBytesBeforeHeader() + " bytes before the end of the stream header");
    }

    /**
     * Notes a {@code <!D} in the prolog. aalto reports a DOCTYPE only once it is complete, and fails on an
     * internal subset with a plain syntax error; either way the peer should hear restricted-xml.
     */
    private void scanForDoctype(byte[] buf, int offset, int length) {
        int m = doctypeMatch;
        for (int i = offset, end = offset + length; i < end && !doctypeSeen; i++) {
            byte b = buf[i];
            if (b == '<') {
                m = 1;
            } else if (m == 1 && b == '!') {
                m = 2;
            } else if (m == 2 && b == 'D') {
                doctypeSeen = true;
            } else {
                m = 0;
            }
        }
        doctypeMatch = m;
    }

    // ---- helpers

    private XmlStreamException classify(XMLStreamException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        int eol = message.indexOf('\n'); // aalto appends its own location, which is wrong after newReader()
        if (eol >= 0) {
            message = message.substring(0, eol).strip();
        }
        StreamErrorCondition condition;
        if (state == State.PROLOG && doctypeSeen) {
            condition = RESTRICTED_XML;
            message = "DTDs are not allowed in XMPP (RFC 6120 11.1)";
        } else if (message.startsWith("Unexpanded ENTITY_REFERENCE")) { // one in an attribute value
            condition = RESTRICTED_XML;
            message = "entity references are not allowed in XMPP (RFC 6120 11.1): " + message;
        } else if (message.startsWith("Unsupported encoding")) { // e.g. UTF-16 in the XML declaration
            condition = UNSUPPORTED_ENCODING;
        } else {
            condition = NOT_WELL_FORMED;
        }
        return new XmlStreamException(condition, message, e);
    }

    private static XmlStreamException internal(Exception e) {
        return new XmlStreamException(INTERNAL_SERVER_ERROR, "XML parser failure: " + e, e);
    }

    private String qname() {
        String prefix = reader.getPrefix();
        return prefix == null || prefix.isEmpty() ? reader.getLocalName() : prefix + ':' + reader.getLocalName();
    }

    /** The attribute's key in an {@link Element}: its namespace is kept, its prefix is not (see Element). */
    private String attributeName(int i) {
        return Element.qualifiedName(reader.getAttributeNamespace(i), reader.getAttributeLocalName(i));
    }

    /** The namespace declarations of the current start tag as prefix/URI pairs ("" for default), or null. */
    private String[] namespaces() {
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

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
