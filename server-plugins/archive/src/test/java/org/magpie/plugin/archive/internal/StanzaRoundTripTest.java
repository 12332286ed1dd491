package org.magpie.plugin.archive.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.api.Namespaces;
import org.magpie.server.xml.StanzaText;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Text;
import org.xml.sax.InputSource;

/**
 * Property test of the way a stanza lives on the server: generated stanzas (random prefixes and
 * default namespaces, namespaced attributes, text with every XML-significant character, emoji, CJK)
 * are written as a client would, parsed by the server's stream parser, stored in Derby as offline
 * messages, loaded, serialised for a recipient and parsed again, both by the JDK's strict
 * namespace-aware parser and by the server's own; what comes back equals what was sent.
 */
class StanzaRoundTripTest {

    private static final String[] NAMESPACES = {"urn:y", "urn:z", "jabber:x:data", "http://jabber.org/protocol/xhtml-im",
        "urn:xmpp:reply:0", "urn:x:&<>\"'", "urn:测试", ""};
    private static final String[] NAMES = {"x", "b", "q", "body", "ref", "data", "项目", "a-b.c_d"};
    private static final String[] TEXTS = {"", "<", ">", "&", "\"", "'", "]]>", "&amp;", "\n", "\t", "\r\n", " ",
        "😀", "𝄞", "中文", "消息", "\u00e9", "x", "<x xmlns='urn:y'/>", "&#0;"};

    @TempDir
    Path dir;
    private ArchiveStore store;

    @BeforeEach
    void open() throws SQLException {
        System.setProperty("derby.stream.error.file", dir.resolve("derby.log").toString());
        store = TestStores.open(dir.resolve("db").toString());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void generatedStanzasSurviveParseStoreLoadSerializeParse() throws Exception {
        Random random = new Random(20261207);
        List<Element> sent = new ArrayList<>();
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String wire = clientXml(random, i);
            Element parsed = StanzaText.read(wire); // what the server's parser makes of a client's bytes
            sent.add(parsed);
            long id = 1000 + i;
            ids.add(id);
            store.transaction(c -> {
                OfflineStore.store(c, id, "bob@localhost", "alice@localhost", parsed.toXml());
                return null;
            });
        }
        List<OfflineStore.Offline> loaded = store.offline().waiting("bob@localhost");
        assertEquals(sent.size(), loaded.size());
        for (int i = 0; i < loaded.size(); i++) {
            Element back = StanzaText.read(loaded.get(i).stanza());
            String toRecipient = back.toXml(Namespaces.CLIENT);
            strictlyParse("<stream xmlns='jabber:client'>" + toRecipient + "</stream>");
            Element reparsed = StanzaText.read(back.toXml());
            assertEquals(sent.get(i), reparsed, () -> "stored as " + back.toXml());
        }
    }

    /** A message as a client might write it: its own prefixes, default namespaces and attributes. */
    private static String clientXml(Random random, int n) {
        StringBuilder sb = new StringBuilder("<message xmlns='jabber:client' to='bob@localhost' type='chat' id='m")
                .append(n).append("'><body>");
        escape(text(random), sb);
        sb.append("</body>");
        int children = 1 + random.nextInt(3);
        for (int i = 0; i < children; i++) {
            element(random, sb, 0);
        }
        return sb.append("</message>").toString();
    }

    private static void element(Random random, StringBuilder sb, int depth) {
        String name = pick(random, NAMES);
        String ns = pick(random, NAMESPACES);
        boolean prefixed = random.nextBoolean() && !ns.isEmpty();
        String prefix = "p" + random.nextInt(3);
        sb.append('<');
        if (prefixed) {
            sb.append(prefix).append(':');
        }
        sb.append(name);
        if (prefixed) {
            sb.append(" xmlns:").append(prefix).append("='");
            escape(ns, sb);
            sb.append('\'');
        } else {
            sb.append(" xmlns='");
            escape(ns, sb);
            sb.append('\'');
        }
        List<String> used = new ArrayList<>();
        int attributes = random.nextInt(4);
        for (int i = 0; i < attributes; i++) {
            String attrNs = pick(random, NAMESPACES);
            String local = pick(random, NAMES);
            if (attrNs.isEmpty() || attrNs.equals(ns) && random.nextBoolean()) {
                if (used.contains("|" + local)) {
                    continue;
                }
                used.add("|" + local);
                sb.append(' ').append(local).append("='");
            } else {
                if (used.contains(attrNs + "|" + local)) {
                    continue;
                }
                used.add(attrNs + "|" + local);
                String ap = "a" + i;
                sb.append(" xmlns:").append(ap).append("='");
                escape(attrNs, sb);
                sb.append("' ").append(ap).append(':').append(local).append("='");
            }
            escape(text(random), sb);
            sb.append('\'');
        }
        if (random.nextInt(5) == 0) {
            sb.append(" xml:lang='zh'");
        }
        sb.append('>');
        int children = depth < 3 ? random.nextInt(3) : 0;
        for (int i = 0; i < children; i++) {
            if (random.nextBoolean()) {
                escape(text(random), sb);
            } else {
                element(random, sb, depth + 1);
            }
        }
        sb.append("</");
        if (prefixed) {
            sb.append(prefix).append(':');
        }
        sb.append(name).append('>');
    }

    private static String text(Random random) {
        StringBuilder sb = new StringBuilder();
        int parts = random.nextInt(5);
        for (int i = 0; i < parts; i++) {
            sb.append(pick(random, TEXTS));
        }
        return sb.toString();
    }

    private static void escape(String s, StringBuilder out) {
        for (char c : s.toCharArray()) {
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                case '\n' -> out.append("&#10;");
                case '\t' -> out.append("&#9;");
                default -> out.append(c);
            }
        }
    }

    private static String pick(Random random, String[] values) {
        return values[random.nextInt(values.length)];
    }

    private static void strictlyParse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
    }

    @Test
    void aPrefixedAttributeIsWrittenWithItsDeclaration() throws Exception {
        Element parsed = StanzaText.read("<message xmlns='jabber:client'><x xmlns='urn:y' xmlns:q='urn:z' q:b='c'/></message>");
        Element x = parsed.child("x", "urn:y").orElseThrow();
        assertEquals("c", x.attribute("urn:z", "b"));
        String out = parsed.toXml(Namespaces.CLIENT);
        strictlyParse(out);
        assertEquals(parsed, StanzaText.read(out));
    }

    @Test
    void charactersXmlForbidsAreReplacedOnOutput() throws Exception {
        Element e = Element.builder("message", Namespaces.CLIENT)
                .attribute("id", "a\u0001b")
                .child(new Text("x\u0000y\uD800z\uFFFE😀"))
                .build();
        String out = e.toXml();
        strictlyParse(out);
        Element back = StanzaText.read(out);
        assertEquals("a\uFFFDb", back.attribute("id"));
        assertEquals("x\uFFFDy\uFFFDz\uFFFD😀", ((Text) back.children().get(0)).value());
    }
}
