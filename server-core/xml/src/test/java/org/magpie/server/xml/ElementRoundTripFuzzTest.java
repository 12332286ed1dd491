package org.magpie.server.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.SAXParserFactory;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.magpie.server.api.xml.Text;
import org.xml.sax.InputSource;
import org.xml.sax.helpers.DefaultHandler;

/**
 * Fuzzes the serialiser: an element built from fuzz data (names, namespaces, plain, {@code xml:} and namespaced
 * attributes, text with every XML-significant character, emoji, CJK, characters XML forbids) is written with
 * {@link Element#toXml}, must be namespace-well-formed for the JDK's strict parser, and must come back equal
 * from the stream parser inside a stream header: with its own namespace declared, and as a child of a
 * {@code jabber:client} stream. "Equal" allows for what the serialiser documents: characters XML forbids become
 * U+FFFD, and adjacent text nodes are read back as one. A plain test run replays the inputs in
 * {@code ElementRoundTripFuzzTestInputs}; see docs/FUZZING.md for fuzzing.
 */
class ElementRoundTripFuzzTest {

    private static final String[] NAMESPACES = {"", Namespaces.CLIENT, "urn:x", "urn:y", "http://jabber.org/protocol/muc#user",
            "jabber:x:data", Element.XML_NAMESPACE, "http://www.w3.org/2000/xmlns/", Namespaces.STREAMS};
    private static final String[] PIECES = {"<", ">", "&", "\"", "'", "\r", "\n", "\t", "\r\n", " ", "]]>", "&amp;",
            "<![CDATA[", "😀", "中文", "한국어", "\uD83D", "\uDE00", "\u0000", "\u0001", "\u001F", "\u007F", "\u0085",
            "\uFFFE", "\uFFFF", "\uFEFF", "ab", "xmlns", ":", "{u}", "ns0"};
    private static final String NAME_START = "abcdefghijklmnopqrstuvwxyzABCXYZ_中é";
    private static final String NAME_MORE = "abcdefghijklmnopqrstuvwxyz019._-中é·";
    private static final int MAX_DEPTH = 5;
    private static final ParserLimits LIMITS = new ParserLimits(16 * 1024 * 1024, 64, 1024, 8 * 1024);

    @FuzzTest(maxDuration = "30m")
    void anyElementSurvivesWriteAndParse(FuzzedDataProvider data) {
        Element original;
        try {
            original = element(data, 0);
        } catch (IllegalArgumentException e) {
            return; // the builder refused a key (an attribute named xmlns, say): nothing is built
        }
        Element expected = asParsed(original);

        String own = original.toXml();
        strictlyParse("<wrapper>" + own + "</wrapper>", own);
        assertEquals(List.of(expected), parse(Recorder.HEADER + own), () -> "written as " + own);

        String inStream = original.toXml(Namespaces.CLIENT);
        strictlyParse("<wrapper xmlns='" + Namespaces.CLIENT + "'>" + inStream + "</wrapper>", inStream);
        assertEquals(List.of(expected), parse(Recorder.HEADER + inStream), () -> "written in the stream as " + inStream);
    }

    // ---- building from fuzz data

    private static Element element(FuzzedDataProvider data, int depth) {
        Element.Builder b = Element.builder(name(data), namespace(data));
        int attributes = data.consumeInt(0, 5);
        for (int i = 0; i < attributes; i++) {
            String key = switch (data.consumeInt(0, 2)) {
                case 0 -> name(data);
                case 1 -> "xml:" + (data.consumeBoolean() ? "lang" : name(data));
                default -> "{" + namespace(data) + "}" + name(data);
            };
            b.attribute(key, text(data));
        }
        int children = depth >= MAX_DEPTH ? 0 : data.consumeInt(0, 4);
        for (int i = 0; i < children; i++) {
            if (data.consumeBoolean()) {
                b.child(new Text(text(data)));
            } else {
                b.child(element(data, depth + 1));
            }
        }
        return b.build();
    }

    /** An XML name without a colon (an NCName), sometimes with non-ASCII name characters. */
    private static String name(FuzzedDataProvider data) {
        StringBuilder sb = new StringBuilder();
        sb.append(NAME_START.charAt(data.consumeInt(0, NAME_START.length() - 1)));
        int more = data.consumeInt(0, 8);
        for (int i = 0; i < more; i++) {
            sb.append(NAME_MORE.charAt(data.consumeInt(0, NAME_MORE.length() - 1)));
        }
        return sb.toString();
    }

    /**
     * A namespace without characters XML forbids: the serialiser writes those as U+FFFD, so two namespaces that
     * differ only there would name the same attribute twice (a known limit, see docs/FUZZING.md).
     */
    private static String namespace(FuzzedDataProvider data) {
        return data.consumeBoolean() ? data.pickValue(NAMESPACES) : legal("urn:" + text(data));
    }

    /** Text made of XML-significant pieces and arbitrary strings. */
    private static String text(FuzzedDataProvider data) {
        StringBuilder sb = new StringBuilder();
        int pieces = data.consumeInt(0, 6);
        for (int i = 0; i < pieces; i++) {
            sb.append(data.consumeBoolean() ? data.pickValue(PIECES) : data.consumeString(10));
        }
        return sb.toString();
    }

    // ---- what parsing the written element should give

    /**
     * The element as a parser reads it back: characters XML forbids replaced by U+FFFD (in names of namespaces
     * and attribute keys too; in each text node on its own, so halves of a surrogate pair in two nodes are
     * unpaired), adjacent text nodes merged, empty ones gone.
     */
    static Element asParsed(Element e) {
        Element.Builder b = Element.builder(e.name(), legal(e.namespace()));
        for (Map.Entry<String, String> a : e.attributes().entrySet()) {
            b.attribute(legal(a.getKey()), legal(a.getValue()));
        }
        StringBuilder text = new StringBuilder();
        List<Node> children = new ArrayList<>();
        for (Node n : e.children()) {
            if (n instanceof Text t) {
                text.append(legal(t.value()));
            } else {
                if (!text.isEmpty()) {
                    children.add(new Text(text.toString()));
                    text.setLength(0);
                }
                children.add(asParsed((Element) n));
            }
        }
        if (!text.isEmpty()) {
            children.add(new Text(text.toString()));
        }
        return b.children(children).build();
    }

    /** The string with every character XML 1.0 forbids (and every unpaired surrogate) replaced by U+FFFD. */
    static String legal(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
            boolean allowed = c >= 0x20 && c < 0xD800 || c == '\n' || c == '\t' || c == '\r' || c > 0xDFFF && c < 0xFFFE;
            sb.append(allowed || paired ? c : '\uFFFD');
        }
        return sb.toString();
    }

    // ---- parsing

    private static List<Element> parse(String stream) {
        Recorder r = new Recorder();
        XmppStreamParser parser = new XmppStreamParser(LIMITS, r);
        byte[] bytes = stream.getBytes(StandardCharsets.UTF_8);
        try {
            parser.feed(bytes, 0, bytes.length);
        } catch (XmlStreamException e) {
            fail("the stream parser refused what the serialiser wrote: " + e + " in " + stream, e);
        }
        return r.elements;
    }

    /** Parses with the JDK's own namespace-aware parser, stricter than aalto about namespaces. */
    static void strictlyParse(String document, String written) {
        try {
            SAXParserFactory f = SAXParserFactory.newDefaultNSInstance();
            f.newSAXParser().parse(new InputSource(new StringReader(document)), new DefaultHandler());
        } catch (Exception e) {
            fail("a strict parser refused what the serialiser wrote: " + e.getMessage() + " in " + written, e);
        }
    }
}
