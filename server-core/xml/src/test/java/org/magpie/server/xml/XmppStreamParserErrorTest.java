package org.magpie.server.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.server.api.StreamErrorCondition.BAD_NAMESPACE_PREFIX;
import static org.magpie.server.api.StreamErrorCondition.INVALID_NAMESPACE;
import static org.magpie.server.api.StreamErrorCondition.NOT_WELL_FORMED;
import static org.magpie.server.api.StreamErrorCondition.POLICY_VIOLATION;
import static org.magpie.server.api.StreamErrorCondition.RESTRICTED_XML;
import static org.magpie.server.api.StreamErrorCondition.UNSUPPORTED_ENCODING;
import static org.magpie.server.xml.Recorder.HEADER;
import static org.magpie.server.xml.Recorder.bytes;
import static org.magpie.server.xml.Recorder.failure;
import static org.magpie.server.xml.Recorder.parse;
import static org.magpie.server.xml.Recorder.utf8;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;

class XmppStreamParserErrorTest {

    private static final String STREAM = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";

    // ---- not-well-formed

    @Test
    void malformedXmlIsNotWellFormed() {
        // aalto compares an end tag with the expected name four bytes at a time, so it may notice a
        // mismatch only when a few more bytes have arrived: hence the trailing "<presence/>".
        failure(NOT_WELL_FORMED, HEADER + "<message></iq><presence/>");
        failure(NOT_WELL_FORMED, HEADER + "<message><body>x</message><presence/>");
        failure(NOT_WELL_FORMED, HEADER + "<message><body>x</bodx></message>");
        failure(NOT_WELL_FORMED, HEADER + "<message a='1' a='2'/>");
        failure(NOT_WELL_FORMED, HEADER + "<message a=1/>");
        failure(NOT_WELL_FORMED, HEADER + "<<message/>");
        failure(NOT_WELL_FORMED, HEADER + "<message>a & b</message>");
        failure(NOT_WELL_FORMED, HEADER + "<foo:bar/>"); // unbound prefix
        failure(NOT_WELL_FORMED, HEADER + "<message>\u0001</message>"); // not an XML character
        failure(NOT_WELL_FORMED, HEADER + "<message>&#0;</message>");
        failure(NOT_WELL_FORMED, "hello");
        failure(NOT_WELL_FORMED, HEADER + "</stream:foo> ");
    }

    @Test
    void theReservedPrefixXmlnsOnANameIsNotWellFormed() {
        // found by XmppStreamParserFuzzTest: aalto fails with a RuntimeException on these, which read as the
        // parser breaking (internal-server-error) rather than as the peer's mistake
        failure(NOT_WELL_FORMED, HEADER + "<xmlns:q/>");
        failure(NOT_WELL_FORMED, HEADER + "<message><xmlns:body>x</xmlns:body></message>");
        failure(NOT_WELL_FORMED, HEADER + "<message xmlns:xmlns='urn:x'/>");
        failure(NOT_WELL_FORMED, "<xmlns:stream xmlns:stream='http://etherx.jabber.org/streams'>");
    }

    @Test
    void aPrefixWithoutALocalNameIsNotWellFormed() {
        // found by XmppStreamParserFuzzTest: aalto accepts these, and the element model refused them with an
        // IllegalArgumentException that escaped from feed()
        failure(NOT_WELL_FORMED, HEADER + "<message xml:='a@b'/>");
        failure(NOT_WELL_FORMED, HEADER + "<message xmlns:q='urn:z' q:=''/>");
        failure(NOT_WELL_FORMED, HEADER + "<message><xml:/></message>");
    }

    @Test
    void aLocalNameAfterAPrefixMustBeAName() {
        // found by XmppStreamParserFuzzTest: aalto does not check the part after the colon, so q:0 was kept
        // and forwarded, and the recipient's parser failed on it
        failure(NOT_WELL_FORMED, HEADER + "<message xmlns:q='urn:z' q:0='1'/>");
        failure(NOT_WELL_FORMED, HEADER + "<message><q:-x xmlns:q='urn:z'/></message>");
    }

    @Test
    void namesAndNamespacesLongerThanAReceiverReadsAreAPolicyViolation() throws Exception {
        // found by XmppStreamParserFuzzTest: the JDK's XML parsers (Smack's StAX parser in the desktop client)
        // refuse names and namespaces longer than 1,000 characters, so forwarding one knocked the recipient off
        String longName = "n".repeat(ParserLimits.DEFAULT_MAX_NAME_LENGTH + 1);
        failure(POLICY_VIOLATION, HEADER + "<message><x xmlns='urn:" + longName + "'/></message>");
        failure(POLICY_VIOLATION, HEADER + "<message xmlns:q='urn:" + longName + "' q:a='1'/>");
        failure(POLICY_VIOLATION, HEADER + "<message " + longName + "='1'/>");
        failure(POLICY_VIOLATION, HEADER + "<" + longName + "/>");
        String fine = "n".repeat(ParserLimits.DEFAULT_MAX_NAME_LENGTH - 4);
        assertEquals(1, parse(HEADER + "<message xmlns:q='urn:" + fine + "' q:" + fine + "='1'><" + fine + "/></message>")
                .elements.size());
    }

    @Test
    void anElementInAReservedNamespaceIsRefused() {
        // found by XmppStreamParserFuzzTest: <xml:x/> is an element in the XML namespace, which no default
        // namespace declaration may name, so forwarding it (written as <x xmlns='http://www.w3.org/XML/1998/
        // namespace'/>) made the recipient's parser fail and drop the connection
        failure(BAD_NAMESPACE_PREFIX, HEADER + "<message><xml:x/></message>");
        failure(BAD_NAMESPACE_PREFIX, HEADER + "<xml:message/>");
    }

    @Test
    void badUtf8IsNotWellFormed() {
        List<byte[]> bad = List.of(new byte[] {(byte) 0xff}, new byte[] {(byte) 0x80},
                new byte[] {(byte) 0xc3, '('}, new byte[] {(byte) 0xc0, (byte) 0xbc}, // overlong '<'
                new byte[] {(byte) 0xe0, (byte) 0x80, (byte) 0xaf}, new byte[] {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
                new byte[] {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[] {(byte) 0xf0, (byte) 0x8f, (byte) 0xbf, (byte) 0xbf}, new byte[] {(byte) 0xe4, (byte) 0xb8, '<'});
        for (byte[] b : bad) {
            String name = Arrays.toString(b);
            XmlStreamException text = failure(NOT_WELL_FORMED, bytes(HEADER, "<message><body>ok", b, "</body></message>"),
                    ParserLimits.defaults());
            assertTrue(text.getMessage().contains("UTF-8") || text.getMessage().contains("character"), name + text);
            failure(NOT_WELL_FORMED, bytes(HEADER, "<message to='", b, "'/>"), ParserLimits.defaults());
            failure(NOT_WELL_FORMED, bytes(STREAM.substring(0, 20), b, STREAM.substring(20)), ParserLimits.defaults());
        }
    }

    @Test
    void stanzasBeforeBadBytesAreDeliveredFirst() {
        Recorder r = new Recorder();
        XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r);
        byte[] input = bytes(HEADER, "<presence/><message/>", 0xff, "<iq/>");
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> p.feed(input, 0, input.length));
        assertEquals(NOT_WELL_FORMED, e.condition());
        assertEquals(2, r.elements.size());
    }

    @Test
    void textDirectlyInsideTheStreamIsNotWellFormed() {
        failure(NOT_WELL_FORMED, HEADER + "hello<message/>");
        failure(NOT_WELL_FORMED, HEADER + "<message/> x ");
        failure(NOT_WELL_FORMED, HEADER + "<![CDATA[x]]>");
        failure(NOT_WELL_FORMED, HEADER + "&amp;");
    }

    @Test
    void theParserIsDeadAfterAnError() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r);
        byte[] input = utf8(HEADER + "<message></iq><presence/>");
        XmlStreamException first = assertThrows(XmlStreamException.class, () -> p.feed(input, 0, input.length));
        byte[] fine = utf8("<presence/>");
        XmlStreamException again = assertThrows(XmlStreamException.class, () -> p.feed(fine, 0, fine.length));
        assertEquals(first.condition(), again.condition());
        assertEquals(first.getMessage(), again.getMessage());
        assertEquals(List.of(), r.elements);
    }

    // ---- restricted-xml

    @Test
    void dtdsAreRestricted() {
        failure(RESTRICTED_XML, "<!DOCTYPE stream:stream SYSTEM 'http://attacker.example/x.dtd'>" + STREAM);
        failure(RESTRICTED_XML, "<?xml version='1.0'?><!DOCTYPE stream>" + STREAM);
        failure(RESTRICTED_XML, "<?xml version='1.0'?>\n<!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol2 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>]>"
                + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>&lol2;");
        failure(RESTRICTED_XML, "<!DOCTYPE x [<!ENTITY xxe SYSTEM 'file:///etc/passwd'>]>" + STREAM + "<a>&xxe;</a>");
    }

    @Test
    void anUnfinishedDoctypeFailsAtOnce() throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r);
        byte[] input = utf8("<?xml version='1.0'?><!DOCT");
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> p.feed(input, 0, input.length));
        assertEquals(RESTRICTED_XML, e.condition());
    }

    @Test
    void processingInstructionsAreRestricted() {
        failure(RESTRICTED_XML, "<?xml-stylesheet href='x'?>" + STREAM);
        failure(RESTRICTED_XML, HEADER + "<?pi?>");
        failure(RESTRICTED_XML, HEADER + "<message><?pi data?></message>");
    }

    @Test
    void theXmlDeclarationIsAllowed() throws Exception {
        assertEquals(1, parse("<?xml version='1.0' encoding='UTF-8'?>" + STREAM).headers.size());
        assertEquals(1, parse("<?xml version=\"1.0\" encoding=\"utf-8\" standalone='yes'?>" + STREAM, 1).headers.size());
        assertEquals(1, parse(STREAM).headers.size());
    }

    @Test
    void commentsAreRestricted() {
        failure(RESTRICTED_XML, "<!-- hi -->" + STREAM);
        failure(RESTRICTED_XML, HEADER + "<!-- keep-alive -->");
        failure(RESTRICTED_XML, HEADER + "<message><!-- x --></message>");
    }

    @Test
    void entityReferencesOtherThanThePredefinedOnesAreRestricted() throws Exception {
        failure(RESTRICTED_XML, HEADER + "<message><body>&nbsp;</body></message>");
        failure(RESTRICTED_XML, HEADER + "<message to='&foo;'/>");
        failure(RESTRICTED_XML, HEADER + "<message to='a&foo;b'/>");
        Element ok = parse(HEADER + "<m a='&lt;&gt;&amp;&quot;&apos;&#x41;&#66;'>&lt;&gt;&amp;&quot;&apos;&#x41;&#66;</m>", 1)
                .elements.get(0);
        assertEquals("<>&\"'AB", ok.attribute("a"));
        assertEquals("<>&\"'AB", ok.text());
    }

    // ---- stream header

    @Test
    void aRootOtherThanStreamIsInvalidNamespace() {
        failure(INVALID_NAMESPACE, "<stream xmlns='jabber:client'>");
        failure(INVALID_NAMESPACE, "<stream:stream xmlns:stream='http://etherx.jabber.org/streamz'>");
        failure(INVALID_NAMESPACE, "<stream:features xmlns:stream='http://etherx.jabber.org/streams'>");
        failure(INVALID_NAMESPACE, "<message xmlns='jabber:client'/>");
    }

    @Test
    void encodingsOtherThanUtf8AreUnsupported() {
        failure(UNSUPPORTED_ENCODING, "<?xml version='1.0' encoding='ISO-8859-1'?>" + STREAM);
        failure(UNSUPPORTED_ENCODING, "<?xml version='1.0' encoding='US-ASCII'?>" + STREAM);
        failure(UNSUPPORTED_ENCODING, "<?xml version='1.0' encoding='UTF-16'?>" + STREAM);
        failure(UNSUPPORTED_ENCODING, "<?xml version='1.0' encoding='Shift_JIS'?>" + STREAM);
    }

    // ---- policy-violation

    private static String stanzaOfSize(int size) {
        String start = "<message><body>";
        String end = "</body></message>";
        return start + "x".repeat(size - start.length() - end.length()) + end;
    }

    @Test
    void aStanzaMayBeExactlyTheLimit() throws Exception {
        ParserLimits limits = new ParserLimits(1000, 32, 64, 8192);
        String ok = stanzaOfSize(1000);
        assertEquals(1000, ok.length());
        Recorder r = Recorder.parse(utf8(HEADER + " " + ok + "\n" + ok + ok), 1, limits);
        assertEquals(3, r.elements.size());
        r = Recorder.parse(utf8(HEADER + " " + ok + "\n" + ok + ok), 4096, limits);
        assertEquals(3, r.elements.size());
        failure(POLICY_VIOLATION, utf8(HEADER + ok + stanzaOfSize(1001)), limits);
        failure(POLICY_VIOLATION, utf8(HEADER + ok + "<message to='" + "x".repeat(1000) + "'/>"), limits);
    }

    @Test
    void aHugeElementFailsLongBeforeItsEnd() throws Exception {
        ParserLimits limits = ParserLimits.defaults();
        Recorder r = new Recorder();
        XmppStreamParser p = new XmppStreamParser(limits, r);
        byte[] header = utf8(HEADER);
        p.feed(header, 0, header.length);
        byte[] start = utf8("<message><body>");
        p.feed(start, 0, start.length);
        byte[] chunk = new byte[8192];
        Arrays.fill(chunk, (byte) 'a');
        long sent = start.length;
        XmlStreamException failure = null;
        while (sent < 10L * 1024 * 1024) {
            try {
                p.feed(chunk, 0, chunk.length);
                sent += chunk.length;
            } catch (XmlStreamException e) {
                failure = e;
                break;
            }
        }
        assertTrue(failure != null, "no failure after " + sent + " bytes");
        assertEquals(POLICY_VIOLATION, failure.condition());
        assertTrue(sent <= limits.maxStanzaBytes() + chunk.length, "failed only after " + sent + " bytes");
        assertEquals(List.of(), r.elements);
    }

    @Test
    void aHugeStartTagOrAttributeValueFailsToo() {
        ParserLimits limits = new ParserLimits(4096, 32, 64, 8192);
        failure(POLICY_VIOLATION, utf8(HEADER + "<message to='" + "x".repeat(100_000)), limits);
        failure(POLICY_VIOLATION, utf8(HEADER + "<" + "m".repeat(100_000)), limits);
        failure(POLICY_VIOLATION, utf8(HEADER + "<message><!--" + "x".repeat(100_000)), limits);
    }

    @Test
    void tooManyBytesBeforeTheHeaderIsAPolicyViolation() throws Exception {
        ParserLimits limits = new ParserLimits(1000, 32, 64, 300);
        assertEquals(1, Recorder.parse(utf8(" ".repeat(300 - STREAM.length()) + STREAM), 1, limits).headers.size());
        failure(POLICY_VIOLATION, utf8(" ".repeat(301 - STREAM.length()) + STREAM), limits);
        failure(POLICY_VIOLATION, utf8(" ".repeat(100_000)), limits);
        failure(POLICY_VIOLATION, utf8("<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='"
                + "x".repeat(100_000)), limits);
    }

    @Test
    void namespacedAttributesCannotRepeatALongNamespaceBeyondTheStanzaLimit() throws Exception {
        // found by XmppStreamParserFuzzTest: an attribute's key names its namespace in full ({uri}local), so a
        // long namespace declared once and used by many short attributes grew a 29 KB stanza to 20 million
        // characters in memory (a 20,000-character namespace, 1,000 attributes); the namespaces the keys repeat
        // now count against the stanza limit. Here 1,000 attributes repeat a namespace of 500 characters.
        String uri = "urn:" + "u".repeat(496);
        StringBuilder stanza = new StringBuilder("<message xmlns:q='" + uri + "'>");
        for (int i = 0; i < 20; i++) {
            stanza.append("<a");
            for (int j = 0; j < 50; j++) {
                stanza.append(" q:a").append(j).append("=''");
            }
            stanza.append("/>");
        }
        stanza.append("</message>");
        XmlStreamException e = failure(POLICY_VIOLATION, utf8(HEADER + stanza), ParserLimits.defaults());
        assertTrue(e.getMessage().contains("namespace"), e::getMessage);

        // a few namespaced attributes are fine, even with a long namespace
        String fine = "<message xmlns:q='" + uri + "'><a q:a='1' q:b='2'/><b q:a='3'/></message>";
        assertEquals(3, parse(HEADER + fine).elements.get(0).elements().stream().mapToInt(x -> x.attributes().size()).sum());
    }

    @Test
    void nestingDeeperThanTheLimitIsAPolicyViolation() throws Exception {
        ParserLimits limits = new ParserLimits(100_000, 3, 64, 8192);
        assertEquals(1, Recorder.parse(utf8(HEADER + "<a><b><c/></b></a>"), 1, limits).elements.size());
        failure(POLICY_VIOLATION, utf8(HEADER + "<a><b><c><d/></c></b></a>"), limits);
        failure(POLICY_VIOLATION, utf8(HEADER + "<a>".repeat(10_000)), ParserLimits.defaults());
    }

    @Test
    void tooManyAttributesIsAPolicyViolation() throws Exception {
        ParserLimits limits = new ParserLimits(100_000, 32, 3, 8192);
        String stream = "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='x'>";
        assertEquals(1, Recorder.parse(utf8(stream + "<a b='1' c='2' d='3'/>"), 1, limits).elements.size());
        assertEquals(1, Recorder.parse(utf8(stream + "<a xmlns='urn:a' c='2' d='3'/>"), 1, limits).elements.size());
        failure(POLICY_VIOLATION, utf8(stream + "<a b='1' c='2' d='3' e='4'/>"), limits);
        failure(POLICY_VIOLATION, utf8(stream + "<a xmlns='urn:a' xmlns:p='urn:p' c='2' d='3'/>"), limits);
        failure(POLICY_VIOLATION, utf8(stream + "<a><b><c b='1' c='2' d='3' e='4'/></b></a>"), limits);
        failure(POLICY_VIOLATION, utf8("<stream:stream xmlns:stream='http://etherx.jabber.org/streams'"
                + " a='1' b='2' c='3'>"), limits);
    }

    @Test
    void anExceptionFromTheListenerKillsTheParser() {
        StreamListener failing = new Recorder() {
            @Override
            public void element(Element element) {
                throw new IllegalArgumentException("boom");
            }
        };
        XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), failing);
        byte[] input = utf8(HEADER + "<message/>");
        assertThrows(IllegalArgumentException.class, () -> p.feed(input, 0, input.length));
        XmlStreamException e = assertThrows(XmlStreamException.class, () -> p.feed(input, 0, 1));
        assertEquals(StreamErrorCondition.INTERNAL_SERVER_ERROR, e.condition());
    }

    @Test
    void conditionsHaveReadableMessages() {
        XmlStreamException e = failure(POLICY_VIOLATION, utf8(HEADER + stanzaOfSize(2000)),
                new ParserLimits(1000, 32, 64, 8192));
        assertEquals("stanza larger than 1000 bytes", e.getMessage());
        assertEquals("XmlStreamException[policy-violation]: stanza larger than 1000 bytes", e.toString());
        XmlStreamException c = failure(RESTRICTED_XML, HEADER + "<!-- x -->");
        assertTrue(c.getMessage().startsWith("comments are not allowed"), c.getMessage());
        XmlStreamException n = failure(INVALID_NAMESPACE, "<stream xmlns='jabber:client'>");
        assertTrue(n.getMessage().contains(Namespaces.STREAMS), n.getMessage());
        XmlStreamException w = failure(NOT_WELL_FORMED, HEADER + "<message></iq><presence/>");
        assertTrue(!w.getMessage().contains("\n") && !w.getMessage().isBlank(), w.getMessage());
    }
}
