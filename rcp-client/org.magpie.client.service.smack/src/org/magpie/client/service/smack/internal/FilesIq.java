package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.util.XmlStringBuilder;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * The upload service's IQs: the XEP-0363 slot request (with Magpie's {@code <room/>} for a group's
 * file) and its {@code <slot><put url/><get url/></slot>} result, and Magpie's
 * {@code <access url/>} request for a group file's download token and its result. Results are read
 * into the element's attributes and the attributes of its children by name (our own provider, so
 * that the answer does not depend on which Smack providers were loaded).
 */
public final class FilesIq extends IQ {

    public static final String UPLOAD = "urn:xmpp:http:upload:0";
    public static final String MAGPIE = "urn:magpie:files:0";

    private final Map<String, String> attributes;
    /** Children by element name: their attributes. */
    private final Map<String, Map<String, String>> children;

    private FilesIq(String element, String namespace, Map<String, String> attributes,
            Map<String, Map<String, String>> children) {
        super(element, namespace);
        this.attributes = Map.copyOf(attributes);
        this.children = Map.copyOf(children);
    }

    static void registerProviders() {
        ProviderManager.addIQProvider("slot", UPLOAD, new Provider());
        ProviderManager.addIQProvider("access", MAGPIE, new Provider());
    }

    /** {@code <request filename size content-type>[<room jid/>]</request>}. */
    static FilesIq slotRequest(String filename, long size, String contentType, String room) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("filename", filename);
        a.put("size", Long.toString(size));
        if (contentType != null) {
            a.put("content-type", contentType);
        }
        Map<String, Map<String, String>> c = room == null ? Map.of() : Map.of("room", Map.of("jid", room));
        FilesIq iq = new FilesIq("request", UPLOAD, a, c);
        iq.setType(Type.get);
        return iq;
    }

    /** {@code <access xmlns='urn:magpie:files:0' url/>}. */
    static FilesIq accessRequest(String url) {
        FilesIq iq = new FilesIq("access", MAGPIE, Map.of("url", url), Map.of());
        iq.setType(Type.get);
        return iq;
    }

    String attribute(String name) {
        return attributes.get(name);
    }

    String childAttribute(String child, String name) {
        Map<String, String> c = children.get(child);
        return c == null ? null : c.get(name);
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        attributes.forEach(xml::attribute);
        if (children.isEmpty()) {
            xml.setEmptyElement();
            return xml;
        }
        xml.rightAngleBracket();
        children.forEach((name, attrs) -> {
            XmlStringBuilder child = new XmlStringBuilder().halfOpenElement(name);
            child.xmlnsAttribute(MAGPIE);
            attrs.forEach(child::attribute);
            xml.append(child.closeEmptyElement());
        });
        return xml;
    }

    static final class Provider extends IQProvider<FilesIq> {
        @Override
        public FilesIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            String element = parser.getName();
            String namespace = parser.getNamespace();
            Map<String, String> attributes = RoomsIq.attributes(parser);
            Map<String, Map<String, String>> children = new LinkedHashMap<>();
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT && parser.getDepth() == initialDepth + 1) {
                    children.put(parser.getName(), RoomsIq.attributes(parser));
                } else if (event == XmlPullParser.Event.END_DOCUMENT
                        || event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    return new FilesIq(element, namespace, attributes, children);
                }
            }
        }
    }
}
