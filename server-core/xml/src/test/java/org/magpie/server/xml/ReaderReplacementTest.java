package org.magpie.server.xml;

import static java.time.Duration.ofSeconds;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.server.xml.Recorder.utf8;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.xml.Element;

/**
 * The parser replaces its aalto reader from time to time (aalto's name table degrades as names pile up);
 * a replacement must be invisible in the events, wherever it happens.
 */
class ReaderReplacementTest {

    private static final String STREAM = "<?xml version='1.0'?><s:stream xmlns='jabber:client'"
            + " xmlns:s='http://etherx.jabber.org/streams' xmlns:p='urn:p' to='example.com' xml:lang='en'>"
            + "<message type='chat' xmlns:q='urn:q&amp;&quot;&lt;&#9;x'><q:a><p:b><c/></p:b><q:d xmlns=''>"
            + "<e xmlns:q='urn:other'><q:f/></e><g/></q:d>text<![CDATA[<cdata>]]>&amp;中😀</q:a>"
            + "<body xml:lang='zh'>你好 🌙</body></message>\n"
            + "<p:iq><p:query xmlns='urn:deep'><item><x/></item><item/></p:query></p:iq>"
            + "<presence/> <presence><s:error xmlns:s='urn:shadow'/></presence>"
            + "</s:stream>";

    private static Recorder parse(String input, int chunk, int namesPerReader, int[] readers) throws Exception {
        Recorder r = new Recorder();
        XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r, namesPerReader);
        Recorder.feedInChunks(p, utf8(input), chunk);
        readers[0] = p.readersCreated();
        return r;
    }

    @Test
    void replacingTheReaderAfterEveryEndTagChangesNothing() throws Exception {
        int[] readers = new int[1];
        List<String> expected = parse(STREAM, Integer.MAX_VALUE, Integer.MAX_VALUE, readers).events;
        assertEquals(1, readers[0]);
        assertEquals(6, expected.size()); // open, 4 elements, close
        for (int chunk : new int[] {1, 2, 3, 5, 7, 64, Integer.MAX_VALUE}) {
            for (int names : new int[] {1, 3, 10}) {
                assertEquals(expected, parse(STREAM, chunk, names, readers).events, chunk + "/" + names);
                assertTrue(readers[0] > (names == 1 ? 5 : 1), "readers: " + readers[0]);
            }
        }
        Element message = Recorder.parse(STREAM).elements.get(0);
        Element a = message.child("a", "urn:q&\"<\tx").orElseThrow(); // odd characters survive the primer
        assertEquals("text<cdata>&中😀", a.text());
        assertEquals("urn:other", a.elements().get(1).elements().get(0).elements().get(0).namespace());
    }

    @Test
    void uniqueNamesAcrossStanzasStayCheap() {
        // Without replacement aalto needs minutes for this (its name table turns quadratic); with it, a second.
        assertTimeoutPreemptively(ofSeconds(60), () -> {
            Recorder r = new Recorder();
            XmppStreamParser p = new XmppStreamParser(ParserLimits.defaults(), r);
            p.feed(utf8(Recorder.HEADER), 0, Recorder.HEADER.length());
            int stanzas = 100_000;
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < stanzas; i++) {
                sb.append("<message><x").append(i).append(" a").append(i).append("='1' xmlns='urn:")
                        .append(i).append("'/></message>");
                if (sb.length() > 16_000 || i == stanzas - 1) {
                    Recorder.feedInChunks(p, utf8(sb.toString()), 16_000);
                    sb.setLength(0);
                }
            }
            assertEquals(stanzas, r.elements.size());
            assertEquals(Element.builder("x99999", "urn:99999").attribute("a99999", "1").build(),
                    r.elements.get(stanzas - 1).elements().get(0));
            assertTrue(p.readersCreated() > 100, "readers: " + p.readersCreated());
        });
    }

    @Test
    void uniqueNamesInsideOneStanzaStayCheap() {
        assertTimeoutPreemptively(ofSeconds(60), () -> {
            StringBuilder sb = new StringBuilder(Recorder.HEADER).append("<iq><query xmlns='urn:q'>");
            int children = 40_000;
            for (int i = 0; i < children; i++) {
                sb.append("<n").append(i).append(" a").append(i).append("=''/>");
            }
            sb.append("</query></iq>");
            Recorder r = Recorder.parse(utf8(sb.toString()), 8192, new ParserLimits(10 << 20, 32, 64, 8192));
            List<Element> items = r.elements.get(0).elements().get(0).elements();
            assertEquals(children, items.size());
            assertEquals(Element.builder("n39999", "urn:q").attribute("a39999", "").build(), items.get(children - 1));
        });
    }
}
