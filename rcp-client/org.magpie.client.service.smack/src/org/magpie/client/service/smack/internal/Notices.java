package org.magpie.client.service.smack.internal;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jxmpp.jid.Jid;
import org.magpie.client.service.Announcement;
import org.magpie.client.service.FilterNotice;

/**
 * What the server itself tells the user in messages: the sensitive-word filter's warnings (a
 * headline with {@code <filtered xmlns='urn:magpie:filter:0' action='masked' id='...'>} for a
 * masked message, a {@code policy-violation} error for a blocked one) and administrators'
 * announcements (headlines from the server's address).
 */
public final class Notices {

    static final String FILTER_NS = "urn:magpie:filter:0";
    static final String FILTERED = "filtered";

    private Notices() {
    }

    /** Once per JVM: a parser for the filter's element (Smack's generic one trips its own assertions). */
    public static void register() {
        ProviderManager.addExtensionProvider(FILTERED, FILTER_NS, new ExtensionElementProvider<StandardExtensionElement>() {
            @Override
            public StandardExtensionElement parse(XmlPullParser parser, int depth, XmlEnvironment env)
                    throws XmlPullParserException, IOException {
                StandardExtensionElement.Builder b = StandardExtensionElement.builder(FILTERED, FILTER_NS);
                for (int i = 0; i < parser.getAttributeCount(); i++) {
                    b.addAttribute(parser.getAttributeName(i), parser.getAttributeValue(i));
                }
                while (parser.getDepth() > depth || parser.getEventType() != XmlPullParser.Event.END_ELEMENT) {
                    if (parser.next() == XmlPullParser.Event.START_ELEMENT && "rule".equals(parser.getName())) {
                        b.addElement("rule", parser.nextText());
                    }
                }
                return b.build();
            }
        });
    }

    /**
     * Whether a message comes from the server itself: only the server may send from its bare domain
     * (users' messages carry their own address), so nobody can pose as the administrator.
     */
    public static boolean fromServer(Message m, String domain) {
        Jid from = m.getFrom();
        return from != null && from.getLocalpartOrNull() == null && from.getResourceOrNull() == null
                && from.toString().equalsIgnoreCase(domain);
    }

    /** The filter's warning about a masked message, or null when the message is something else. */
    public static FilterNotice masked(Message m) {
        StandardExtensionElement filtered = filtered(m);
        if (filtered == null || !"masked".equals(filtered.getAttributeValue("action"))) {
            return null;
        }
        List<String> rules = new ArrayList<>();
        for (StandardExtensionElement rule : filtered.getElements("rule", FILTER_NS)) {
            rules.add(rule.getText());
        }
        return new FilterNotice(FilterNotice.Action.MASKED, rules, Failures.localized(m::getBody, m.getBody()));
    }

    /** The id of the message a filter warning is about, or null. */
    public static String originalId(Message m) {
        StandardExtensionElement filtered = filtered(m);
        return filtered == null ? null : filtered.getAttributeValue("id");
    }

    private static StandardExtensionElement filtered(Message m) {
        return m.getExtensionElement(FILTERED, FILTER_NS) instanceof StandardExtensionElement e ? e : null;
    }

    /**
     * The filter's refusal of a message, from the error it came back with, or null for other errors.
     * The rules are read from the server's English text, which names them in parentheses.
     */
    public static FilterNotice blocked(StanzaError error) {
        if (error == null || error.getCondition() != StanzaError.Condition.policy_violation) {
            return null;
        }
        String en = error.getDescriptiveText("en");
        List<String> rules = new ArrayList<>();
        if (en != null && en.lastIndexOf('(') >= 0 && en.lastIndexOf(')') > en.lastIndexOf('(')) {
            for (String r : en.substring(en.lastIndexOf('(') + 1, en.lastIndexOf(')')).split(",")) {
                if (!r.isBlank()) {
                    rules.add(r.strip());
                }
            }
        }
        return new FilterNotice(FilterNotice.Action.BLOCKED, rules, Failures.text(error));
    }

    /** An announcement (a headline from the server with a body, not a filter warning), or null. */
    public static Announcement announcement(Message m) {
        if (filtered(m) != null) {
            return null;
        }
        String body = Failures.localized(m::getBody, m.getBody());
        if (body == null || body.isBlank()) {
            return null;
        }
        String subject = Failures.localized(m::getSubject, m.getSubject());
        return new Announcement(m.getFrom().toString(), subject == null || subject.isBlank() ? null : subject.strip(),
                body.strip(), Instant.now());
    }
}
