package org.magpie.server.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;

/** A listener that records what it hears, plus helpers to feed input in various ways. */
class Recorder implements StreamListener {

    static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0' xml:lang='en'>";

    final List<StreamHeader> headers = new ArrayList<>();
    final List<Element> elements = new ArrayList<>();
    final List<String> events = new ArrayList<>();
    int closed;

    @Override
    public void streamOpened(StreamHeader header) {
        headers.add(header);
        events.add("open");
    }

    @Override
    public void element(Element element) {
        elements.add(element);
        events.add(element.toXml());
    }

    @Override
    public void streamClosed() {
        closed++;
        events.add("close");
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof String s) {
                out.writeBytes(utf8(s));
            } else if (p instanceof byte[] b) {
                out.writeBytes(b);
            } else if (p instanceof Integer i) {
                out.write(i);
            } else {
                throw new IllegalArgumentException(String.valueOf(p));
            }
        }
        return out.toByteArray();
    }

    /** Feeds the input in chunks of {@code chunk} bytes (each a fresh array, as MINA would hand them). */
    static Recorder parse(byte[] input, int chunk, ParserLimits limits) throws XmlStreamException {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(limits, r);
        feedInChunks(parser, input, chunk);
        return r;
    }

    static Recorder parse(String input, int chunk) throws XmlStreamException {
        return parse(utf8(input), chunk, ParserLimits.defaults());
    }

    static Recorder parse(String input) throws XmlStreamException {
        return parse(input, Integer.MAX_VALUE);
    }

    static void feedInChunks(XmppStreamParser parser, byte[] input, int chunk) throws XmlStreamException {
        for (int i = 0; i < input.length; i += chunk) {
            int n = Math.min(chunk, input.length - i);
            byte[] piece = new byte[n + 7]; // a non-zero array offset, as a real read buffer may have
            System.arraycopy(input, i, piece, 3, n);
            parser.feed(piece, 3, n);
        }
    }

    /** Asserts that parsing fails, whole and byte by byte, with this condition; returns the whole-input failure. */
    static XmlStreamException failure(StreamErrorCondition expected, byte[] input, ParserLimits limits) {
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> parse(input, Integer.MAX_VALUE, limits));
        assertEquals(expected, e.condition(), e::toString);
        XmlStreamException e1 = assertThrows(XmlStreamException.class, () -> parse(input, 1, limits));
        assertEquals(expected, e1.condition(), e1::toString);
        return e;
    }

    static XmlStreamException failure(StreamErrorCondition expected, String input) {
        return failure(expected, utf8(input), ParserLimits.defaults());
    }
}
