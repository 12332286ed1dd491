package org.magpie.server.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.magpie.server.api.xml.Text;

/**
 * Fuzzes the stream parser with arbitrary bytes in arbitrary chunkings. Whatever arrives, feeding must end in
 * listener callbacks or an {@link XmlStreamException} whose condition names the peer's mistake: never another
 * exception, never {@code internal-server-error} (that condition means the parser itself broke). How the input
 * is split must not change what is delivered, no delivered stanza may hold far more characters than its limit
 * allows bytes, and every delivered stanza, written again as the server would forward it, must pass the JDK's
 * strict parser and parse back equal. A plain test run replays the inputs in {@code XmppStreamParserFuzzTestInputs}; see
 * docs/FUZZING.md for fuzzing.
 */
class XmppStreamParserFuzzTest {

    /** The conditions that blame the peer; any other is a parser bug. */
    private static final Set<StreamErrorCondition> PEER_FAULTS = Set.of(StreamErrorCondition.NOT_WELL_FORMED,
            StreamErrorCondition.RESTRICTED_XML, StreamErrorCondition.POLICY_VIOLATION,
            StreamErrorCondition.INVALID_NAMESPACE, StreamErrorCondition.UNSUPPORTED_ENCODING,
            StreamErrorCondition.BAD_NAMESPACE_PREFIX);

    /**
     * Characters a stanza may hold beyond one per byte of its input (no input maps to more), the namespaces the
     * stream header declares, which its elements may inherit, and the namespaces its attribute keys repeat,
     * which the parser bounds by the stanza limit too.
     */
    private static final int CHARS_SLACK = 64;

    // tokens of XML and XMPP the fuzzer would take long to find byte by byte
    @DictionaryEntries({"<stream:stream", "</stream:stream>", "http://etherx.jabber.org/streams", "jabber:client",
            "xmlns", "xmlns:", "xml:lang", "http://www.w3.org/XML/1998/namespace", "http://www.w3.org/2000/xmlns/",
            "<![CDATA[", "]]>", "&#x", "&#", "&amp;", "&lt;", "&quot;", "<?xml version='1.0'?>", "encoding=", "<!--",
            "<!DOCTYPE", "<!ENTITY", "<?", "?>", "/>", "</"})
    @FuzzTest(maxDuration = "30m")
    void anyBytesInAnyChunks(FuzzedDataProvider data) {
        // small limits, so that fuzzing reaches them; sometimes the defaults
        ParserLimits limits = data.consumeBoolean() ? ParserLimits.defaults()
                : new ParserLimits(data.consumeInt(16, 4096), data.consumeInt(1, 8), data.consumeInt(1, 8),
                        data.consumeInt(16, 1024));
        int namesPerReader = data.consumeInt(1, XmppStreamParser.DEFAULT_NAMES_PER_READER);
        long chunkSeed = data.consumeLong();
        boolean withHeader = data.consumeBoolean(); // spares the fuzzer finding a valid stream header itself
        byte[] body = data.consumeRemainingAsBytes();
        byte[] input = withHeader ? concat(Recorder.utf8(Recorder.HEADER), body) : body;

        Outcome whole = run(input, limits, namesPerReader, null);
        Outcome chunked = run(input, limits, namesPerReader, new Random(chunkSeed));

        if (whole.failure == null && chunked.failure == null) {
            assertEquals(whole.events, chunked.events, "the same input split differently gave other events");
        } else if (whole.failure != null && chunked.failure != null) {
            assertTrue(isPrefix(whole.events, chunked.events) || isPrefix(chunked.events, whole.events),
                    () -> "the same input split differently gave other events before failing: " + whole.events
                            + " / " + chunked.events);
        } else {
            // a limit is checked whenever input stops arriving, so only a limit may strike in one split alone;
            // and aalto notices ']]>' in text only when it arrives in one piece (harmless: the serialiser
            // escapes '>', so the text is forwarded as well-formed XML either way)
            XmlStreamException only = whole.failure != null ? whole.failure : chunked.failure;
            if (!String.valueOf(only.getMessage()).contains("']]>' not allowed in textual content")) {
                assertEquals(StreamErrorCondition.POLICY_VIOLATION, only.condition(),
                        () -> "only one split of the same input failed: " + only);
            }
        }
        for (Outcome o : List.of(whole, chunked)) {
            for (Object event : o.events) {
                if (event instanceof Element e) {
                    long chars = retainedChars(e);
                    assertTrue(chars <= 2L * limits.maxStanzaBytes() + limits.maxBytesBeforeHeader() + CHARS_SLACK,
                            () -> "a stanza within " + limits.maxStanzaBytes() + " bytes holds " + chars + " characters");
                }
            }
        }
        // whatever the parser accepted, the server may forward: it must reach a strict parser intact
        for (Object event : whole.events) {
            if (event instanceof Element e) {
                String written = e.toXml(Namespaces.CLIENT);
                ElementRoundTripFuzzTest.strictlyParse("<wrapper xmlns='" + Namespaces.CLIENT + "'>" + written + "</wrapper>",
                        written);
                Outcome again = run(concat(Recorder.utf8(Recorder.HEADER), Recorder.utf8(written)), REPARSE, namesPerReader, null);
                assertEquals(List.of(e), again.events.subList(1, again.events.size()), () -> "written as " + written);
            }
        }
    }

    /** Limits for parsing what the serialiser wrote: it declares a prefix per attribute namespace. */
    private static final ParserLimits REPARSE = new ParserLimits(64 * 1024 * 1024, 64, 1024, 8 * 1024);

    /** What feeding gave: the events in order (header, elements, "close") and the failure, if any. */
    private record Outcome(List<Object> events, XmlStreamException failure) {
    }

    private static Outcome run(byte[] input, ParserLimits limits, int namesPerReader, Random chunks) {
        List<Object> events = new ArrayList<>();
        StreamListener listener = new StreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
                events.add(header);
            }

            @Override
            public void element(Element element) {
                events.add(element);
            }

            @Override
            public void streamClosed() {
                events.add("close");
            }
        };
        XmppStreamParser parser = new XmppStreamParser(limits, listener, namesPerReader);
        try {
            if (chunks == null) {
                parser.feed(input, 0, input.length);
            } else {
                for (int i = 0; i < input.length;) {
                    // mostly tiny pieces (splits inside characters, tags and references), sometimes large ones
                    int n = Math.min(input.length - i, chunks.nextInt(4) == 0 ? 1 + chunks.nextInt(20_000) : 1 + chunks.nextInt(7));
                    byte[] piece = new byte[n + 5]; // a fresh array at an offset, as a network read gives
                    System.arraycopy(input, i, piece, 2, n);
                    parser.feed(piece, 2, n);
                    i += n;
                }
            }
            return new Outcome(events, null);
        } catch (XmlStreamException e) {
            if (!PEER_FAULTS.contains(e.condition())) {
                fail("the parser broke on its input: " + e, e);
            }
            return new Outcome(events, e);
        }
    }

    /**
     * The characters of the distinct strings an element keeps (names, namespaces, attributes, text): what a
     * stanza costs in memory beyond a fixed amount per node. A string object shared between nodes counts once;
     * namespace URIs count once per value (aalto keeps one copy per URI and parser).
     */
    static long retainedChars(Element root) {
        Map<String, Boolean> seen = new IdentityHashMap<>();
        Set<String> namespaces = new HashSet<>();
        List<Element> pending = new ArrayList<>(List.of(root));
        long chars = 0;
        while (!pending.isEmpty()) {
            Element e = pending.remove(pending.size() - 1);
            chars += count(seen, e.name()) + (namespaces.add(e.namespace()) ? e.namespace().length() : 0);
            for (Map.Entry<String, String> a : e.attributes().entrySet()) {
                chars += count(seen, a.getKey()) + count(seen, a.getValue());
            }
            for (Node n : e.children()) {
                if (n instanceof Element child) {
                    pending.add(child);
                } else if (n instanceof Text t) {
                    chars += count(seen, t.value());
                }
            }
        }
        return chars;
    }

    private static long count(Map<String, Boolean> seen, String s) {
        return seen.put(s, Boolean.TRUE) == null ? s.length() : 0;
    }

    private static boolean isPrefix(List<Object> prefix, List<Object> list) {
        return prefix.size() <= list.size() && prefix.equals(list.subList(0, prefix.size()));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] all = new byte[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
