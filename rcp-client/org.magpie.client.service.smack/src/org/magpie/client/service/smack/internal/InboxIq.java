package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IQProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

/**
 * The Magpie inbox ({@code urn:magpie:inbox:0}): the request {@code <inbox/>} (get) and its result,
 * {@code <inbox unread='total'><conversation jid type unread><last id from nick stamp><body/></last>
 * </conversation>…</inbox>}, latest activity first; and the request {@code <read jid/>} (set) that
 * resets a conversation's count.
 */
public final class InboxIq extends IQ {

    public static final String NAMESPACE = "urn:magpie:inbox:0";

    /**
     * One {@code <conversation/>} of the result.
     *
     * @param attributes the conversation's attributes (jid, type, unread)
     * @param last       the attributes of its {@code <last/>} (id, from, nick, stamp), empty without one
     * @param body       the last message's text, or null
     */
    record Entry(Map<String, String> attributes, Map<String, String> last, String body) {
    }

    private final String jid;
    private final List<Entry> entries;

    private InboxIq(String element, String jid, List<Entry> entries) {
        super(element, NAMESPACE);
        this.jid = jid;
        this.entries = List.copyOf(entries);
    }

    /** {@code <inbox/>} to get. */
    static InboxIq fetch() {
        InboxIq iq = new InboxIq("inbox", null, List.of());
        iq.setType(Type.get);
        return iq;
    }

    /** {@code <read jid/>} to set. */
    static InboxIq read(String conversation) {
        InboxIq iq = new InboxIq("read", conversation, List.of());
        iq.setType(Type.set);
        return iq;
    }

    List<Entry> entries() {
        return entries;
    }

    @Override
    protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
        xml.optAttribute("jid", jid);
        xml.setEmptyElement();
        return xml;
    }

    /** Reads the inbox result (Smack's generic parser trips an assertion on it with the StAX parser). */
    public static final class Provider extends IQProvider<InboxIq> {
        @Override
        public InboxIq parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            String element = parser.getName();
            List<Entry> entries = new ArrayList<>();
            Map<String, String> conversation = null;
            Map<String, String> last = Map.of();
            String body = null;
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.START_ELEMENT) {
                    switch (parser.getName()) {
                        case "conversation" -> {
                            conversation = RoomsIq.attributes(parser);
                            last = Map.of();
                            body = null;
                        }
                        case "last" -> last = RoomsIq.attributes(parser);
                        case "body" -> body = parser.nextText();
                        default -> {
                            // unknown: ignored
                        }
                    }
                } else if (event == XmlPullParser.Event.END_ELEMENT && "conversation".equals(parser.getName())
                        && conversation != null) {
                    entries.add(new Entry(conversation, last, body));
                    conversation = null;
                } else if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth
                        || event == XmlPullParser.Event.END_DOCUMENT) {
                    break;
                }
            }
            return new InboxIq(element, null, entries);
        }
    }
}
