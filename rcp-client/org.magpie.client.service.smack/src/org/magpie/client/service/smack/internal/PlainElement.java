package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.util.Map;

import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * Reads a small element into a generic one: its attributes, and the text of its children by name
 * (one level deep). Used for the inbox's {@code <read jid/>} push and the XEP-0066
 * {@code <x xmlns='jabber:x:oob'><url/></x>}, which Smack 4.4 has no parser for (its generic one trips
 * an assertion on them with the StAX parser).
 */
public final class PlainElement extends ExtensionElementProvider<StandardExtensionElement> {

    public static final String OOB_NAMESPACE = "jabber:x:oob";

    @Override
    public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException {
        StandardExtensionElement.Builder b = StandardExtensionElement.builder(parser.getName(), parser.getNamespace());
        Map<String, String> attributes = RoomsIq.attributes(parser);
        attributes.forEach(b::addAttribute);
        while (true) {
            XmlPullParser.Event e = parser.next();
            if (e == XmlPullParser.Event.START_ELEMENT && parser.getDepth() == initialDepth + 1) {
                String name = parser.getName();
                b.addElement(name, parser.nextText());
            } else if (e == XmlPullParser.Event.END_DOCUMENT
                    || e == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                return b.build();
            }
        }
    }
}
