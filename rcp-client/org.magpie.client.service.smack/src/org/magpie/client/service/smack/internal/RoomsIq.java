package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * The Magpie groups protocol ({@code urn:magpie:rooms:0}): the requests {@code next}, {@code create},
 * {@code rooms} and {@code leave}, and their results, whose {@code <room/>} children describe groups
 * by their attributes (number, jid, name, description, membersonly, affiliation, nick).
 */
public final class RoomsIq extends IQ {

    public static final String NAMESPACE = "urn:magpie:rooms:0";
    static final List<String> ELEMENTS = List.of("next", "create", "rooms", "leave");

    private final Map<String, String> attributes;
    private final List<Map<String, String>> rooms;

    RoomsIq(String element, Map<String, String> attributes, List<Map<String, String>> rooms) {
        super(element, NAMESPACE);
        this.attributes = Map.copyOf(attributes);
        this.rooms = List.copyOf(rooms);
    }

    /** A request: {@code <element xmlns='urn:magpie:rooms:0' attributes/>} of the given type. */
    static RoomsIq request(String element, Type type, Map<String, String> attributes) {
        RoomsIq iq = new RoomsIq(element, attributes, List.of());
        iq.setType(type);
        return iq;
    }

    /** The element's own attributes (e.g. {@code number} of a {@code next} result). */
    Map<String, String> attributes() {
        return attributes;
    }

    /** The {@code <room/>} children's attributes, in document order. */
    List<Map<String, String>> rooms() {
        return rooms;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        attributes.forEach(xml::attribute);
        if (rooms.isEmpty()) {
            xml.setEmptyElement();
            return xml;
        }
        xml.rightAngleBracket();
        for (Map<String, String> room : rooms) {
            XmlStringBuilder r = new XmlStringBuilder().halfOpenElement("room");
            room.forEach(r::attribute);
            xml.append(r.closeEmptyElement());
        }
        return xml;
    }

    /** Reads the results (no Smack provider knows them). */
    public static final class Provider extends IQProvider<RoomsIq> {
        @Override
        public RoomsIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            String element = parser.getName();
            Map<String, String> attributes = attributes(parser);
            List<Map<String, String>> rooms = new ArrayList<>();
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT && "room".equals(parser.getName())) {
                    rooms.add(attributes(parser));
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    break;
                } else if (event == XmlPullParser.Event.END_DOCUMENT) {
                    break;
                }
            }
            return new RoomsIq(element, attributes, rooms);
        }
    }

    static Map<String, String> attributes(XmlPullParser parser) {
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 0; i < parser.getAttributeCount(); i++) {
            if (!"xmlns".equals(parser.getAttributeName(i))) {
                attributes.put(parser.getAttributeName(i), parser.getAttributeValue(i));
            }
        }
        return attributes;
    }
}
