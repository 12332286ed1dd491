package org.magpie.plugin.filter.internal;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.WordFilter.Action;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.magpie.server.api.xml.Text;

/**
 * The parts of one message or presence that other people read, checked against the word list and
 * masked where they stand:
 *
 * <ul>
 * <li>messages: body and subject (private, group, and a group's subject); the XEP-0071 XHTML-IM
 *     copy, whose text is checked as one text across its elements (so {@code sh<b>it</b>} is seen)
 *     and masked inside its text nodes, plus its {@code alt} and {@code title} attributes; the
 *     reason of a XEP-0045 invitation or decline and of a XEP-0249 direct invitation; the name of a
 *     shared file ({@code <file xmlns='urn:magpie:files:0' name>});</li>
 * <li>presences: the status;</li>
 * <li>both: a XEP-0172 user nickname.</li>
 * </ul>
 * One instance per stanza: it collects the rules that matched.
 */
final class VisibleText {

    static final String XHTML_IM = "http://jabber.org/protocol/xhtml-im";
    static final String MUC_USER = Namespaces.MUC_USER;
    static final String CONFERENCE = "jabber:x:conference";
    static final String FILES = "urn:magpie:files:0";
    static final String NICK = "http://jabber.org/protocol/nick";

    private final WordFilter words;
    private final Set<String> rules = new LinkedHashSet<>();
    private boolean blocked;
    private boolean changed;

    VisibleText(WordFilter words) {
        this.words = words;
    }

    /** The stanza with every readable text masked; the same element when nothing matched. */
    Element filter(Element stanza, boolean message) {
        List<Node> children = new ArrayList<>(stanza.children().size());
        for (Node n : stanza.children()) {
            children.add(n instanceof Element e ? child(e, message) : n);
        }
        return changed ? stanza.withChildren(children) : stanza;
    }

    /** Whether a listed word was found (and masked). */
    boolean changed() {
        return changed;
    }

    /** Whether a found word is to be blocked. */
    boolean blocked() {
        return blocked;
    }

    /** The rules that matched, in order of first appearance. */
    Set<String> rules() {
        return rules;
    }

    private Element child(Element e, boolean message) {
        if (e.is("nick", NICK)) {
            return text(e);
        }
        if (!message) {
            return e.is("status", Namespaces.CLIENT) ? text(e) : e;
        }
        if (e.is("body", Namespaces.CLIENT) || e.is("subject", Namespaces.CLIENT)) {
            return text(e);
        }
        if (e.is("html", XHTML_IM)) {
            return xhtml(e);
        }
        if (e.is("x", MUC_USER)) {
            return reasons(e);
        }
        if (e.is("x", CONFERENCE)) {
            return attribute(e, "reason");
        }
        if (e.is("file", FILES)) {
            return attribute(e, "name");
        }
        return e;
    }

    private String check(String text) {
        WordFilter.Verdict v = words.check(text);
        if (v.isClean()) {
            return text;
        }
        rules.addAll(v.rules());
        blocked |= v.action() == Action.BLOCKED;
        changed = true;
        return v.text();
    }

    private Element text(Element e) {
        String text = e.text();
        String checked = check(text);
        return checked.equals(text) ? e : e.withChildren(List.of(new Text(checked)));
    }

    private Element attribute(Element e, String name) {
        String value = e.attribute(name);
        if (value == null) {
            return e;
        }
        String checked = check(value);
        return checked.equals(value) ? e : e.withAttribute(name, checked);
    }

    /** XEP-0045 {@code <invite><reason/>} and {@code <decline><reason/>}: the reason is read by the invitee or inviter. */
    private Element reasons(Element x) {
        List<Node> children = new ArrayList<>();
        boolean any = false;
        for (Node n : x.children()) {
            if (n instanceof Element e && (e.is("invite", MUC_USER) || e.is("decline", MUC_USER))) {
                List<Node> inner = new ArrayList<>();
                for (Node r : e.children()) {
                    inner.add(r instanceof Element reason && reason.is("reason", MUC_USER) ? text(reason) : r);
                }
                children.add(e.withChildren(inner));
                any = true;
            } else {
                children.add(n);
            }
        }
        return any ? x.withChildren(children) : x;
    }

    /**
     * The rich-text copy: its text nodes are read one after the other, so the text is checked as a
     * whole and the masked text cut back into the same nodes (masking keeps the number of code points).
     */
    private Element xhtml(Element html) {
        List<String> parts = new ArrayList<>();
        collect(html, parts);
        String all = String.join("", parts);
        String checked = check(all);
        List<String> slices = new ArrayList<>(parts.size());
        if (checked.codePointCount(0, checked.length()) == all.codePointCount(0, all.length())) {
            int at = 0;
            for (String part : parts) {
                int end = checked.offsetByCodePoints(at, part.codePointCount(0, part.length()));
                slices.add(checked.substring(at, end));
                at = end;
            }
        } else { // never with masking; should a verdict's text ever differ in length, the words still go
            for (int i = 0; i < parts.size(); i++) {
                slices.add(i == 0 ? checked : "");
            }
        }
        Element rebuilt = rebuild(html, slices.iterator());
        return rebuilt.equals(html) ? html : rebuilt;
    }

    private static void collect(Element e, List<String> parts) {
        for (Node n : e.children()) {
            if (n instanceof Text t) {
                parts.add(t.value());
            } else if (n instanceof Element child) {
                collect(child, parts);
            }
        }
    }

    private Element rebuild(Element e, java.util.Iterator<String> slices) {
        List<Node> children = new ArrayList<>(e.children().size());
        for (Node n : e.children()) {
            if (n instanceof Text) {
                children.add(new Text(slices.next()));
            } else if (n instanceof Element child) {
                children.add(rebuild(child, slices));
            } else {
                children.add(n);
            }
        }
        Element out = e.withChildren(children);
        // shown as tooltips and in place of images
        out = attribute(out, "alt");
        return attribute(out, "title");
    }
}
