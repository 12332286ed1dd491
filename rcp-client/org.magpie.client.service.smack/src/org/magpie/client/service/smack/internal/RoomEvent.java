package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.util.Map;

import javax.xml.namespace.QName;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.magpie.client.service.GroupMessage;

/**
 * The Magpie marker of a group's notices and member changes:
 * {@code <event xmlns='urn:magpie:rooms:0' type='joined|left|affiliation' nick jid [affiliation]/>}.
 */
public final class RoomEvent implements ExtensionElement {

    public static final QName QNAME = new QName(RoomsIq.NAMESPACE, "event");

    private final Map<String, String> attributes;

    RoomEvent(Map<String, String> attributes) {
        this.attributes = Map.copyOf(attributes);
    }

    public String type() {
        return attributes.get("type");
    }

    public String nick() {
        return attributes.get("nick");
    }

    public String jid() {
        return attributes.get("jid");
    }

    /** Whether this is the notice that someone joined or left (with their nickname). */
    public boolean isJoinOrLeave() {
        return ("joined".equals(type()) || "left".equals(type())) && nick() != null;
    }

    /** The line's kind: JOINED or LEFT (see {@link #isJoinOrLeave()}), else MESSAGE. */
    public GroupMessage.Kind kind() {
        return !isJoinOrLeave() ? GroupMessage.Kind.MESSAGE
                : "joined".equals(type()) ? GroupMessage.Kind.JOINED : GroupMessage.Kind.LEFT;
    }

    @Override
    public String getNamespace() {
        return QNAME.getNamespaceURI();
    }

    @Override
    public String getElementName() {
        return QNAME.getLocalPart();
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace);
        attributes.forEach(xml::attribute);
        return xml.closeEmptyElement();
    }

    /** Reads the marker (Smack's generic provider trips an assertion on it with the StAX parser). */
    public static final class Provider extends ExtensionElementProvider<RoomEvent> {
        @Override
        public RoomEvent parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            Map<String, String> attributes = RoomsIq.attributes(parser);
            skip(parser, initialDepth);
            return new RoomEvent(attributes);
        }
    }

    /**
     * Reads an element into a generic one, attributes only: the MUC join element that the server
     * echoes in an error reply to entering a group.
     */
    public static final class FlatProvider extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            StandardExtensionElement.Builder b = StandardExtensionElement.builder(parser.getName(), parser.getNamespace());
            RoomsIq.attributes(parser).forEach(b::addAttribute);
            skip(parser, initialDepth);
            return b.build();
        }
    }

    private static void skip(XmlPullParser parser, int initialDepth) throws XmlPullParserException, IOException {
        while (true) {
            XmlPullParser.Event e = parser.next();
            if (e == XmlPullParser.Event.END_DOCUMENT
                    || e == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                return;
            }
        }
    }
}
