package org.magpie.server.core.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.xml.ParserLimits;
import org.magpie.server.xml.StreamHeader;
import org.magpie.server.xml.StreamListener;
import org.magpie.server.xml.XmlStreamException;
import org.magpie.server.xml.XmppStreamParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A stanza the server wrote, read back from its text (the server's own parser, inside a stream header). */
final class Reparsed {

    private static final Logger LOG = LoggerFactory.getLogger(Reparsed.class);
    private static final byte[] OPEN = ("<stream:stream xmlns='" + Namespaces.CLIENT + "' xmlns:stream='"
            + Namespaces.STREAMS + "' version='1.0'>").getBytes(StandardCharsets.UTF_8);
    /** It passed the limits once on its way in; these only guard against the unexpected. */
    private static final ParserLimits LIMITS = new ParserLimits(16 * 1024 * 1024, 128, 256, 8 * 1024);

    private Reparsed() {
    }

    /** The stanza, or null (logged) when the text does not read back as one. */
    static Stanza stanza(String xml) {
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
            return out.size() == 1 ? Stanza.of(out.get(0)) : null;
        } catch (XmlStreamException | StanzaException | RuntimeException e) {
            LOG.error("a held message could not be read back and is lost: {}", e.toString());
            return null;
        }
    }
}
