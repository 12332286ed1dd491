package org.magpie.server.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.server.xml.Recorder.HEADER;
import static org.magpie.server.xml.Recorder.parse;
import static org.magpie.server.xml.Recorder.utf8;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Text;

class XmppStreamParserTest {

    /** What a client sends over one stream, keep-alives included. */
    static final String CLIENT_STREAM = HEADER
            + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>\n"
            + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldAByMG0zMG15cjBtMzA=</auth>"
            + "<iq type='set' id='bind_1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'>"
            + "<resource>balcony</resource></bind></iq>\n  \n"
            + "<presence><show>away</show><status xml:lang='zh'>在阳台上 🌙</status></presence>"
            + " "
            + "<message to='romeo@example.net' type='chat' id='m1' xml:lang='en'>"
            + "<body>Wherefore art thou, Romeo? &lt;3 &amp; 中文 😀</body>"
            + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>"
            + "\t\r\n"
            + "</stream:stream>";

    @Test
    void parsesAFullClientStreamFedByteByByte() throws Exception {
        Recorder whole = parse(CLIENT_STREAM);
        Recorder byByte = parse(CLIENT_STREAM, 1);
        assertEquals(whole.events, byByte.events);

        StreamHeader h = byByte.headers.get(0);
        assertEquals("stream", h.localName());
        assertEquals(Namespaces.STREAMS, h.namespace());
        assertEquals("stream", h.prefix());
        assertEquals(Namespaces.CLIENT, h.defaultNamespace());
        assertEquals("localhost", h.to());
        assertEquals("1.0", h.version());
        assertEquals("en", h.language());
        assertNull(h.from());
        assertEquals(Map.of("to", "localhost", "version", "1.0", "xml:lang", "en"), h.attributes());

        List<Element> e = byByte.elements;
        assertEquals(5, e.size());
        assertTrue(e.get(0).is("starttls", Namespaces.TLS));
        assertEquals("PLAIN", e.get(1).attribute("mechanism"));
        assertEquals("AGp1bGlldAByMG0zMG15cjBtMzA=", e.get(1).text());
        Element iq = e.get(2);
        assertTrue(iq.is("iq", Namespaces.CLIENT));
        assertEquals("balcony", iq.child("bind", Namespaces.BIND).orElseThrow().childText("resource").orElseThrow());
        Element status = e.get(3).child("status", Namespaces.CLIENT).orElseThrow();
        assertEquals("在阳台上 🌙", status.text());
        assertEquals("zh", status.attribute("xml:lang"));
        Element message = e.get(4);
        assertEquals("Wherefore art thou, Romeo? <3 & 中文 😀", message.childText("body").orElseThrow());
        assertTrue(message.child("active", "http://jabber.org/protocol/chatstates").isPresent());
        assertEquals(1, byByte.closed);
        assertEquals("close", byByte.events.get(byByte.events.size() - 1));
    }

    @Test
    void everyChunkSizeGivesTheSameEvents() throws Exception {
        List<String> expected = parse(CLIENT_STREAM).events;
        for (int chunk = 2; chunk < 40; chunk++) {
            assertEquals(expected, parse(CLIENT_STREAM, chunk).events, "chunk " + chunk);
        }
    }

    @Test
    void deliversManyStanzasFromOneFeed() throws Exception {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < 1000; i++) {
            sb.append("<message to='juliet@example.com' id='").append(i).append("'><body>").append(i)
                    .append("</body></message>");
        }
        Recorder r = parse(sb.toString());
        assertEquals(1000, r.elements.size());
        for (int i = 0; i < 1000; i++) {
            assertEquals(String.valueOf(i), r.elements.get(i).attribute("id"));
            assertEquals(String.valueOf(i), r.elements.get(i).childText("body").orElseThrow());
        }
        assertEquals(0, r.closed);
    }

    @Test
    void multiByteCharactersSplitAnywhereAcrossFeeds() throws Exception {
        // 3-byte Chinese and 4-byte emoji, in text, in an attribute value and in a name
        String stanza = "<message id='中😀文'><body>中文😀x🌙</body><中 xmlns='urn:x'/></message>";
        byte[] header = utf8(HEADER);
        byte[] body = utf8(stanza);
        Element expected = parse(HEADER + stanza).elements.get(0);
        assertEquals("中😀文", expected.attribute("id"));
        assertEquals("中文😀x🌙", expected.childText("body").orElseThrow());
        for (int a = 0; a <= body.length; a++) {
            for (int b = a; b <= body.length; b++) {
                Recorder r = new Recorder();
                XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r);
                p.feed(header, 0, header.length);
                p.feed(body, 0, a);
                p.feed(body, a, b - a);
                p.feed(body, b, body.length - b);
                assertEquals(List.of(expected), r.elements, "split at " + a + ", " + b);
            }
        }
    }

    @Test
    void resolvesPrefixesAndNamespaces() throws Exception {
        Recorder r = parse(HEADER
                + "<foo:x xmlns:foo='urn:a' foo:attr='1' plain='2'/>"
                + "<iq type='get' xmlns:q='urn:q'><q:query><item/><q:item/></q:query>"
                + "<other xmlns='urn:b'><inner/><none xmlns=''/></other></iq>"
                + "<message xmlns='jabber:client'/>");
        Element x = r.elements.get(0);
        assertEquals("x", x.name());
        assertEquals("urn:a", x.namespace());
        // declarations are no attributes; a prefixed attribute keeps its namespace, not its prefix
        assertEquals(Map.of("{urn:a}attr", "1", "plain", "2"), x.attributes());
        assertEquals("1", x.attribute("urn:a", "attr"));
        Element iq = r.elements.get(1);
        assertEquals(Namespaces.CLIENT, iq.namespace()); // inherited from the stream
        assertEquals(Map.of("type", "get"), iq.attributes());
        Element query = iq.child("query", "urn:q").orElseThrow();
        assertEquals(List.of(Element.of("item", Namespaces.CLIENT), Element.of("item", "urn:q")), query.children());
        Element other = iq.child("other", "urn:b").orElseThrow();
        assertEquals(List.of(Element.of("inner", "urn:b"), Element.of("none", "")), other.children());
        assertEquals(Element.of("message", Namespaces.CLIENT), r.elements.get(2));
    }

    @Test
    void streamWithoutPrefixOrDefaultNamespace() throws Exception {
        Recorder r = parse("<stream xmlns='http://etherx.jabber.org/streams' to='example.com'><a/>");
        StreamHeader h = r.headers.get(0);
        assertEquals("", h.prefix());
        assertEquals(Namespaces.STREAMS, h.defaultNamespace());
        assertEquals(Element.of("a", Namespaces.STREAMS), r.elements.get(0));

        Recorder s2s = parse("<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:server'>"
                + "<message/>");
        assertEquals("jabber:server", s2s.headers.get(0).defaultNamespace());
        assertNull(s2s.headers.get(0).language());
        assertEquals("jabber:server", s2s.elements.get(0).namespace());

        Recorder none = parse("<s:stream xmlns:s='http://etherx.jabber.org/streams'><message/>");
        assertNull(none.headers.get(0).defaultNamespace());
        assertEquals("", none.elements.get(0).namespace());
    }

    @Test
    void keepsXmlLangAsAnAttribute() throws Exception {
        Recorder r = parse(HEADER + "<message xml:lang='de'><body xml:lang='fr'>Bonjour</body><body>Hallo</body></message>");
        Element m = r.elements.get(0);
        assertEquals("de", m.attribute("xml:lang"));
        assertEquals("fr", m.elements().get(0).attribute("xml:lang"));
        assertEquals(Map.of(), m.elements().get(1).attributes());
        assertEquals("en", r.headers.get(0).language());
    }

    @Test
    void ignoresWhitespaceKeepAlivesButKeepsWhitespaceInsideStanzas() throws Exception {
        Recorder r = parse(HEADER + " \n\t\r\n <presence/>" + " ".repeat(5) + "\n", 3);
        assertEquals(List.of(Element.of("presence", Namespaces.CLIENT)), r.elements);
        Recorder alone = new Recorder();
        XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), alone);
        p.feed(utf8(HEADER), 0, HEADER.length());
        for (int i = 0; i < 100; i++) {
            p.feed(new byte[] {' '}, 0, 1);
        }
        assertEquals(List.of(), alone.elements);

        Element m = parse(HEADER + "<message>\n  <body> a  b </body>\n</message>").elements.get(0);
        assertEquals(List.of(new Text("\n  "), Element.builder("body", Namespaces.CLIENT).text(" a  b ").build(),
                new Text("\n")), m.children());
    }

    @Test
    void mergesAdjacentTextCdataAndReferences() throws Exception {
        Element body = parse(HEADER + "<body>a<![CDATA[<b>]]>&amp;&lt;&gt;&quot;&apos;&#65;&#x1F600;c\r\nd</body>", 1)
                .elements.get(0);
        assertEquals(List.of(new Text("a<b>&<>\"'A😀c\nd")), body.children());
        Element attr = parse(HEADER + "<x a='&amp;&#x4E2D;&quot; x\r\ny'/>", 1).elements.get(0);
        assertEquals("&中\" x y", attr.attribute("a")); // attribute values are whitespace-normalised
    }

    @Test
    void parsedStanzasSurviveARoundTrip() throws Exception {
        Recorder first = parse(CLIENT_STREAM);
        StringBuilder again = new StringBuilder(HEADER);
        for (Element e : first.elements) {
            again.append(e.toXml(Namespaces.CLIENT)).append(e.toXml());
        }
        Recorder second = parse(again.toString(), 5);
        for (int i = 0; i < first.elements.size(); i++) {
            assertEquals(first.elements.get(i), second.elements.get(2 * i));
            assertEquals(first.elements.get(i), second.elements.get(2 * i + 1));
        }
        Element nested = parse(HEADER + "<iq xmlns:p='urn:p'><p:a><b xmlns=''><c/></b></p:a>"
                + "<d a='&lt;&amp;&quot;&apos;&#9;&#10;'>x &lt; y</d></iq>").elements.get(0);
        assertEquals(nested, parse(HEADER + nested.toXml()).elements.get(0));
    }

    @Test
    void closeEndsTheStreamAndLaterBytesAreIgnored() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r);
        byte[] input = Recorder.bytes(HEADER + "<presence/></stream:stream><message/>not even <xml ", 0xff, 0xc0);
        p.feed(input, 0, input.length);
        p.feed(new byte[] {(byte) 0xff, '<', '<'}, 0, 3);
        assertEquals(List.of("open", Element.of("presence", Namespaces.CLIENT).toXml(), "close"), r.events);
    }

    @Test
    void feedsByteBuffersOfEveryKind() throws Exception {
        byte[] input = utf8(CLIENT_STREAM);
        List<String> expected = parse(CLIENT_STREAM).events;
        for (ByteBuffer b : List.of(ByteBuffer.wrap(input), ByteBuffer.allocateDirect(input.length).put(input).flip(),
                ByteBuffer.wrap(input).asReadOnlyBuffer())) {
            Recorder r = new Recorder();
            XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r);
            while (b.hasRemaining()) {
                ByteBuffer piece = b.slice(b.position(), Math.min(17, b.remaining()));
                p.feed(piece);
                assertEquals(piece.limit(), piece.position());
                b.position(b.position() + piece.limit());
            }
            assertEquals(expected, r.events);
        }
    }

    @Test
    void aLargeDirectBufferIsCopiedInSlices() throws Exception {
        StringBuilder sb = new StringBuilder(HEADER);
        for (int i = 0; i < 2000; i++) {
            sb.append("<message><body>中文 ").append(i).append("</body></message>");
        }
        byte[] input = utf8(sb.toString());
        Recorder r = new Recorder();
        new XmppStreamParser(ParserLimits.defaults(), r).feed(ByteBuffer.allocateDirect(input.length).put(input).flip());
        assertEquals(2000, r.elements.size());
        assertEquals("中文 1999", r.elements.get(1999).childText("body").orElseThrow());
    }

    @Test
    void stopFromACallbackDropsTheRest() throws Exception {
        XmppStreamParser[] holder = new XmppStreamParser[1];
        Recorder r = new Recorder() {
            @Override
            public void element(Element element) {
                super.element(element);
                if (element.name().equals("starttls")) {
                    holder[0].stop();
                }
            }
        };
        holder[0] = new XmppStreamParser(ParserLimits.defaults(), r);
        byte[] input = utf8(HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/><message/>");
        holder[0].feed(input, 0, input.length);
        holder[0].feed(utf8("<presence/>"), 0, 11);
        assertEquals(1, r.elements.size());
    }

    @Test
    void feedingFromACallbackIsRefused() throws Exception {
        XmppStreamParser[] holder = new XmppStreamParser[1];
        StreamListener reentrant = new Recorder() {
            @Override
            public void streamOpened(StreamHeader header) {
                try {
                    holder[0].feed(new byte[] {' '}, 0, 1);
                } catch (XmlStreamException e) {
                    throw new AssertionError(e);
                }
            }
        };
        holder[0] = new XmppStreamParser(ParserLimits.defaults(), reentrant);
        byte[] input = utf8(HEADER);
        assertThrows(IllegalStateException.class, () -> holder[0].feed(input, 0, input.length));
        // the exception left the parser mid-event, so it is dead
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> holder[0].feed(input, 0, 1));
        assertEquals(StreamErrorCondition.INTERNAL_SERVER_ERROR, e.condition());
    }

    @Test
    void aNamespaceWithACurlyBracketSurvivesForwarding() throws Exception {
        // found by XmppStreamParserFuzzTest: the serialiser split {uri}local at the first '}', so a namespace
        // holding one put the rest of it, quotes included, into the attribute's name on the wire: a recipient's
        // parser failed, or saw attributes the sender made up
        String stanza = "<message xmlns:q='urn:x}b=\"1\" c' q:a='v'><x xmlns:p='}' p:y='w'/></message>";
        Element parsed = parse(HEADER + stanza).elements.get(0);
        assertEquals("v", parsed.attribute("urn:x}b=\"1\" c", "a"));
        String written = parsed.toXml(Namespaces.CLIENT);
        ElementRoundTripFuzzTest.strictlyParse("<w xmlns='jabber:client'>" + written + "</w>", written);
        assertEquals(List.of(parsed), parse(HEADER + written).elements, written);
    }
}
