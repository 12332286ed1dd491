package org.magpie.server.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/**
 * Reads back one stanza the server wrote as text (stored in a database, or held for a client) with
 * the server's own stream parser inside a {@code jabber:client} stream header, so that text read
 * back is held to the rules that admitted it and namespaces resolve as they did on the wire.
 */
public final class StanzaText {

    private static final byte[] OPEN = ("<stream:stream xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
            + Namespaces.STREAMS + "' version='1.0'>").getBytes(StandardCharsets.UTF_8);
    /**
     * The text passed the server's limits once on its way in; these are looser, so that text written
     * before a limit was lowered still reads, and only guard against the unexpected.
     */
    private static final ParserLimits LIMITS = new ParserLimits(16 * 1024 * 1024, 128, 256, 8 * 1024);

    private StanzaText() {
    }

    /**
     * The one element {@code xml} holds.
     *
     * @throws IllegalArgumentException when it does not parse, or holds no element or more than one
     */
    public static Element read(String xml) {
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
            throw new IllegalArgumentException("stanza text does not parse: " + e.getMessage(), e);
        }
        if (out.size() != 1) {
            throw new IllegalArgumentException("stanza text holds " + out.size() + " elements, not one");
        }
        return out.get(0);
    }
}
