package org.magpie.plugin.archive.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;
import org.magpie.server.xml.ParserLimits;
import org.magpie.server.xml.StreamHeader;
import org.magpie.server.xml.StreamListener;
import org.magpie.server.xml.XmlStreamException;
import org.magpie.server.xml.XmppStreamParser;

/**
 * Stored stanzas are their XML text; reading them back goes through the server's own stream parser
 * (wrapped in a stream header), so stored text is held to the rules that admitted it.
 */
final class Codec {

    private static final byte[] OPEN = ("<stream:stream xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
            + Namespaces.STREAMS + "' version='1.0'>").getBytes(StandardCharsets.UTF_8);
    /** Stored stanzas passed the server's limits once; these are looser so a lowered limit reads old ones. */
    private static final ParserLimits LIMITS = new ParserLimits(16 * 1024 * 1024, 128, 256, 8 * 1024);

    private Codec() {
    }

    static String write(Element element) {
        return element.toXml();
    }

    static Element read(String xml) {
        List<Element> out = new ArrayList<>(1);
        XmppStreamParser parser = new XmppStreamParser(LIMITS, new StreamListener() {
            @Override
            public void streamOpened(StreamHeader header) {
            }

            @Override
            public void element(Element element) {
                out.add(element);
            }

            @Override
            public void streamClosed() {
            }
        });
        try {
            parser.feed(OPEN, 0, OPEN.length);
            byte[] body = xml.getBytes(StandardCharsets.UTF_8);
            parser.feed(body, 0, body.length);
        } catch (XmlStreamException e) {
            throw new IllegalArgumentException("stored stanza does not parse: " + e.getMessage(), e);
        }
        if (out.size() != 1) {
            throw new IllegalArgumentException("stored stanza is not one element");
        }
        return out.get(0);
    }
}
