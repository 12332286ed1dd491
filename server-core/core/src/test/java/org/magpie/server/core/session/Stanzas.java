package org.magpie.server.core.session;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.xml.ParserLimits;
import org.magpie.server.xml.StreamHeader;
import org.magpie.server.xml.StreamListener;
import org.magpie.server.xml.XmlStreamException;
import org.magpie.server.xml.XmppStreamParser;

/** Stanzas for tests, written as the XML a client sends (in jabber:client). */
public final class Stanzas {

    private Stanzas() {
    }

    /** The element of one stanza's XML, parsed as the server parses it. */
    public static Element element(String xml) {
        List<Element> out = new ArrayList<>();
        XmppStreamParser parser = new XmppStreamParser(ParserLimits.defaults(), new StreamListener() {
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
        byte[] bytes = ("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>"
                + xml).getBytes(StandardCharsets.UTF_8);
        try {
            parser.feed(bytes, 0, bytes.length);
        } catch (XmlStreamException e) {
            throw new IllegalArgumentException(e);
        }
        if (out.size() != 1) {
            throw new IllegalArgumentException("not one stanza: " + xml);
        }
        return out.get(0);
    }

    public static Stanza stanza(String xml) {
        try {
            return Stanza.of(element(xml));
        } catch (StanzaException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
