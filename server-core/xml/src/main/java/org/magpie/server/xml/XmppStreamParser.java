package org.magpie.server.xml;

import static org.magpie.server.api.StreamErrorCondition.BAD_NAMESPACE_PREFIX;
import static org.magpie.server.api.StreamErrorCondition.INTERNAL_SERVER_ERROR;
import static org.magpie.server.api.StreamErrorCondition.INVALID_NAMESPACE;
import static org.magpie.server.api.StreamErrorCondition.NOT_WELL_FORMED;
import static org.magpie.server.api.StreamErrorCondition.RESTRICTED_XML;
import static org.magpie.server.api.StreamErrorCondition.UNSUPPORTED_ENCODING;
import static org.magpie.server.xml.XmlErrors.internal;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.UncheckedStreamException;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

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
 * <p>Its parts: {@link Utf8Slicer} checks the bytes, {@link XmlTokenizer} turns them into XML events,
 * {@link StreamLimits} and {@link DoctypeScan} hold the stream to its limits, {@link OpenElements} builds
 * the stanzas; this class follows the stream from header to close.
 *
 * <p>Not thread-safe: feed it from one thread at a time (MINA does so per session).
 */
public final class XmppStreamParser {

    /**
     * How many element and attribute names one aalto reader may see before it is replaced. aalto keeps
     * every distinct name in a per-reader table whose inserts slow down sharply past roughly 10k names
     * (2 s of CPU for 1 MB of unique names), and the peer chooses the names.
     */
    static final int DEFAULT_NAMES_PER_READER = 2048;

    private enum State { PROLOG, OPEN, CLOSED, FAILED }

    private final StreamLimits limits;
    private final StreamListener listener;
    private final int namesPerReader;
    private final XmlTokenizer tokens;
    private final Utf8Slicer utf8;

    private State state = State.PROLOG;
    private boolean stopped;
    private boolean busy;
    private XmlStreamException failure;

    /** Stream offset where the top-level item now arriving began (end of the last complete one). */
    private long boundary;
    private final DoctypeScan doctype = new DoctypeScan();

    /** Copy buffer for ByteBuffers without an accessible array. */
    private byte[] scratch;

    private String rootQName;
    private String[] rootNamespaces;
    private final OpenElements open = new OpenElements();
    private int namesSinceNewReader;

    public XmppStreamParser(ParserLimits limits, StreamListener listener) {
        this(limits, listener, DEFAULT_NAMES_PER_READER);
    }

    /** For tests: a small {@code namesPerReader} replaces the aalto reader often. */
    XmppStreamParser(ParserLimits limits, StreamListener listener, int namesPerReader) {
        this.limits = new StreamLimits(Objects.requireNonNull(limits, "limits"));
        this.listener = Objects.requireNonNull(listener, "listener");
        if (namesPerReader <= 0) {
            throw new IllegalArgumentException("namesPerReader must be positive");
        }
        this.namesPerReader = namesPerReader;
        this.tokens = new XmlTokenizer(() -> state == State.PROLOG && doctype.seen());
        this.utf8 = new Utf8Slicer(new Utf8Slicer.Sink() {
            @Override
            public void parse(byte[] buf, int offset, int length) throws XmlStreamException {
                XmppStreamParser.this.parse(buf, offset, length);
            }

            @Override
            public boolean active() {
                return XmppStreamParser.this.active();
            }

            @Override
            public long offset() {
                return tokens.fed();
            }
        });
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
                utf8.consume(data, offset, length);
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
                scratch = new byte[Utf8Slicer.SLICE];
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
        tokens.release();
        open.release();
        scratch = null;
    }

    /** Makes the reader drop its reference to the caller's array, which MINA may reuse or want freed. */
    private void releaseInput() throws XmlStreamException {
        if (!active()) {
            release();
            return;
        }
        tokens.releaseInput();
    }

    // ---- aalto

    private void parse(byte[] buf, int offset, int length) throws XmlStreamException {
        if (state == State.PROLOG) {
            doctype.scan(buf, offset, length);
        }
        tokens.feed(buf, offset, length);
        drain(buf, offset + length);
    }

    /** Handles events until aalto needs more input; {@code end} is where the reader's input ends in buf. */
    private void drain(byte[] buf, int end) throws XmlStreamException {
        while (active()) {
            int event = tokens.next();
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
                StringBuilder startTags = new StringBuilder(128);
                AaltoReaders.appendStartTag(startTags, rootQName, rootNamespaces);
                open.appendStartTags(startTags);
                tokens.replaceReader(startTags, buf, end);
                namesSinceNewReader = 0;
            }
        }
    }

    /** For tests: how many aalto readers this parser has used. */
    int readersCreated() {
        return tokens.readersCreated();
    }

    // ---- events

    private void prologEvent(int event) throws XmlStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = tokens.reader();
        switch (event) {
            case XMLStreamConstants.START_DOCUMENT -> {
                String encoding = r.getCharacterEncodingScheme(); // as declared, null without a declaration
                if (encoding != null && !encoding.equalsIgnoreCase("UTF-8")) {
                    throw new XmlStreamException(UNSUPPORTED_ENCODING,
                            "the XML declaration names encoding " + encoding + "; XMPP uses UTF-8 only");
                }
            }
            case XMLStreamConstants.START_ELEMENT -> streamHeader();
            default -> throw restricted(event);
        }
    }

    private void streamHeader() throws XmlStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = tokens.reader();
        long end = tokens.position();
        if (end > limits.maxBytesBeforeHeader()) {
            throw limits.tooMuchBeforeHeader();
        }
        String ns = XmlTokenizer.orEmpty(r.getNamespaceURI());
        if (!"stream".equals(r.getLocalName()) || !Namespaces.STREAMS.equals(ns)) {
            throw new XmlStreamException(INVALID_NAMESPACE, "the stream root must be <stream> in namespace "
                    + Namespaces.STREAMS + ", not <" + tokens.qname() + "> in namespace '" + ns + "'");
        }
        checkAttributeCount();
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            attributes.put(tokens.attributeName(i), r.getAttributeValue(i));
        }
        String[] namespaces = tokens.namespaces();
        String defaultNamespace = null;
        if (namespaces != null) {
            for (int i = 0; i < namespaces.length; i += 2) {
                if (namespaces[i].isEmpty()) {
                    defaultNamespace = namespaces[i + 1];
                }
            }
        }
        rootQName = tokens.qname();
        rootNamespaces = namespaces;
        namesSinceNewReader += 1 + r.getAttributeCount() + r.getNamespaceCount();
        state = State.OPEN;
        boundary = end;
        listener.streamOpened(new StreamHeader(r.getLocalName(), ns, XmlTokenizer.orEmpty(r.getPrefix()),
                defaultNamespace, attributes));
    }

    private void streamEvent(int event) throws XmlStreamException {
        switch (event) {
            case XMLStreamConstants.START_ELEMENT -> startElement();
            case XMLStreamConstants.END_ELEMENT -> endElement();
            case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> characters();
            default -> throw restricted(event);
        }
    }

    private void startElement() throws XmlStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = tokens.reader();
        limits.checkDepth(open.depth());
        checkAttributeCount();
        checkStanzaSize();
        String namespace = XmlTokenizer.orEmpty(r.getNamespaceURI());
        limits.checkName(r.getPrefix(), r.getLocalName(), namespace, tokens.qname());
        // aalto lets <xml:x/> through; no default namespace declaration may name these, so such an element
        // cannot be forwarded as namespace-well-formed XML
        if (XMLConstants.XML_NS_URI.equals(namespace) || XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(namespace)) {
            throw new XmlStreamException(BAD_NAMESPACE_PREFIX, "<" + tokens.qname() + "> is in the reserved namespace "
                    + namespace + ", which no element may use");
        }
        int attributeCount = r.getAttributeCount();
        if (open.isEmpty()) {
            limits.stanzaStarts();
        }
        Element.Builder builder = Element.builder(r.getLocalName(), namespace);
        for (int i = 0; i < attributeCount; i++) {
            String attributeNamespace = XmlTokenizer.orEmpty(r.getAttributeNamespace(i));
            if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attributeNamespace)) {
                throw new XmlStreamException(NOT_WELL_FORMED, "<" + tokens.qname() + "> has an attribute in the namespace of"
                        + " namespace declarations");
            }
            limits.checkName(r.getAttributePrefix(i), r.getAttributeLocalName(i), attributeNamespace, tokens.qname());
            limits.attributeNamespace(attributeNamespace);
            try {
                builder.attribute(tokens.attributeName(i), r.getAttributeValue(i));
            } catch (IllegalArgumentException e) { // a name the element model refuses: nothing a peer may send
                throw new XmlStreamException(NOT_WELL_FORMED, "<" + tokens.qname() + ">: " + e.getMessage(), e);
            }
        }
        open.push(tokens.qname(), tokens.namespaces(), builder);
        namesSinceNewReader += 1 + attributeCount + r.getNamespaceCount();
    }

    private void endElement() throws XmlStreamException {
        if (open.isEmpty()) { // </stream:stream>
            state = State.CLOSED;
            listener.streamClosed();
            return;
        }
        Element element = open.pop();
        if (element == null) {
            return; // a child, now part of its parent
        }
        checkStanzaSize();
        boundary = tokens.position();
        listener.element(element);
    }

    private void characters() throws XmlStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = tokens.reader();
        char[] chars;
        int start;
        int length;
        try { // decodes the text now (lazy parsing), so malformed input may surface here
            chars = r.getTextCharacters();
            start = r.getTextStart();
            length = r.getTextLength();
        } catch (UncheckedStreamException e) {
            throw e.getCause() instanceof XMLStreamException x ? tokens.classify(x) : internal(e);
        }
        if (open.isEmpty()) { // between stanzas only whitespace (keep-alives) may appear
            for (int i = start; i < start + length; i++) {
                char c = chars[i];
                if (c != ' ' && c != '\n' && c != '\t' && c != '\r') {
                    throw new XmlStreamException(NOT_WELL_FORMED, "text directly inside the stream root");
                }
            }
            boundary = tokens.position();
            return;
        }
        checkStanzaSize();
        open.text(chars, start, length);
    }

    private XmlStreamException restricted(int event) {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = tokens.reader();
        return XmlErrors.restricted(event, event == XMLStreamConstants.ENTITY_REFERENCE ? r.getLocalName() : null);
    }

    // ---- limits

    /** Called when all input so far is consumed: whatever is unfinished must still fit its limit. */
    private void checkIncomplete() throws XmlStreamException {
        if (state == State.PROLOG) {
            if (doctype.seen()) { // fail at once rather than wait for the rest of the DOCTYPE
                throw new XmlStreamException(RESTRICTED_XML, XmlErrors.NO_DTDS);
            }
            if (tokens.fed() + utf8.waiting() > limits.maxBytesBeforeHeader()) {
                throw limits.tooMuchBeforeHeader();
            }
        } else if (state == State.OPEN && tokens.fed() - boundary > limits.maxStanzaBytes()) {
            throw limits.stanzaTooLarge();
        }
    }

    private void checkStanzaSize() throws XmlStreamException {
        if (tokens.position() - boundary > limits.maxStanzaBytes()) {
            throw limits.stanzaTooLarge();
        }
    }

    private void checkAttributeCount() throws XmlStreamException {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> r = tokens.reader();
        limits.checkAttributeCount(r.getAttributeCount() + r.getNamespaceCount(), tokens.qname());
    }
}
