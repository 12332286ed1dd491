package org.magpie.server.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;

/**
 * A top-level XMPP stanza ({@code message}, {@code presence} or {@code iq} in {@code jabber:client})
 * wrapped around its immutable element, with typed access to the addressing attributes.
 */
public final class Stanza {

    public enum Kind {
        MESSAGE("message"), PRESENCE("presence"), IQ("iq");

        private final String elementName;

        Kind(String elementName) {
            this.elementName = elementName;
        }

        public String elementName() {
            return elementName;
        }

        public static Optional<Kind> of(String elementName) {
            for (Kind k : values()) {
                if (k.elementName.equals(elementName)) {
                    return Optional.of(k);
                }
            }
            return Optional.empty();
        }
    }

    private final Kind kind;
    private final Element element;
    private final Jid from;
    private final Jid to;

    private Stanza(Kind kind, Element element, Jid from, Jid to) {
        this.kind = kind;
        this.element = element;
        this.from = from;
        this.to = to;
    }

    /**
     * Wraps an element that must be a stanza in {@code jabber:client}.
     *
     * @throws StanzaException {@code jid-malformed} for a bad {@code to}/{@code from}, {@code bad-request}
     *         for an element that is no stanza
     */
    public static Stanza of(Element element) throws StanzaException {
        Kind kind = Kind.of(element.name()).filter(k -> Namespaces.CLIENT.equals(element.namespace()))
                .orElseThrow(() -> new StanzaException(StanzaError.Condition.BAD_REQUEST,
                        "not a stanza: " + element.name() + " in " + element.namespace()));
        return new Stanza(kind, element, jid(element.attribute("from")), jid(element.attribute("to")));
    }

    private static Jid jid(String value) throws StanzaException {
        if (value == null) {
            return null;
        }
        try {
            return JidCreate.from(value);
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new StanzaException(StanzaError.Condition.JID_MALFORMED, "malformed address: " + value);
        }
    }

    /** A new stanza of this kind with the given attributes set (null values are left out) and children. */
    public static Stanza create(Kind kind, Jid from, Jid to, String type, String id, List<? extends Node> children) {
        Element.Builder b = Element.builder(kind.elementName(), Namespaces.CLIENT)
                .attribute("from", from == null ? null : from.toString())
                .attribute("to", to == null ? null : to.toString())
                .attribute("type", type)
                .attribute("id", id);
        b.children(children);
        return new Stanza(kind, b.build(), from, to);
    }

    /** A new stanza of this kind with a typed {@code type} (see {@link #create(Kind, Jid, Jid, String, String, List)}). */
    public static Stanza create(Kind kind, Jid from, Jid to, StanzaType type, String id, List<? extends Node> children) {
        return create(kind, from, to, type == null ? null : type.xmlName(), id, children);
    }

    /** A fresh random stanza id. */
    public static String newId() {
        return Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE);
    }

    public Kind kind() {
        return kind;
    }

    public Element element() {
        return element;
    }

    /** The sender; null only on stanzas a client sent before the server stamped them. */
    public Jid from() {
        return from;
    }

    /** The addressee; null means the sender's own account (or, before binding, the server). */
    public Jid to() {
        return to;
    }

    public String id() {
        return element.attribute("id");
    }

    /** The type attribute, or null when absent (a message is then "normal", a presence "available"). */
    public String type() {
        return element.attribute("type");
    }

    /** For an IQ: its type; empty when missing or invalid (the core answers those {@code bad-request}). */
    public Optional<IqType> iqType() {
        return kind == Kind.IQ ? IqType.of(type()) : Optional.empty();
    }

    /** For a message: its type, {@link MessageType#NORMAL} when missing or unknown. */
    public MessageType messageType() {
        requireKind(Kind.MESSAGE);
        return MessageType.of(type());
    }

    /** For a presence: its type, {@link PresenceType#AVAILABLE} when missing; empty when unknown. */
    public Optional<PresenceType> presenceType() {
        requireKind(Kind.PRESENCE);
        return PresenceType.of(type());
    }

    /** Whether this stanza is of that kind and type, e.g. {@code is(IqType.GET)}, {@code is(MessageType.CHAT)}. */
    public boolean is(StanzaType t) {
        return switch (t) {
            case IqType iq -> kind == Kind.IQ && iq.xmlName().equals(type());
            case MessageType m -> kind == Kind.MESSAGE && m == MessageType.of(type());
            case PresenceType p -> kind == Kind.PRESENCE
                    && (p == PresenceType.AVAILABLE ? type() == null : p.xmlName().equals(type()));
        };
    }

    public boolean isIq() {
        return kind == Kind.IQ;
    }

    public boolean isMessage() {
        return kind == Kind.MESSAGE;
    }

    public boolean isPresence() {
        return kind == Kind.PRESENCE;
    }

    /** For an IQ: the single payload child, if any. */
    public Optional<Element> payload() {
        return element.firstElement().filter(e -> !e.is("error", Namespaces.CLIENT));
    }

    /** The message body text in the stanza's namespace, if any. */
    public Optional<String> body() {
        return element.child("body", Namespaces.CLIENT).map(Element::text);
    }

    public Stanza withFrom(Jid newFrom) {
        return new Stanza(kind, element.withAttribute("from", newFrom == null ? null : newFrom.toString()), newFrom, to);
    }

    public Stanza withTo(Jid newTo) {
        return new Stanza(kind, element.withAttribute("to", newTo == null ? null : newTo.toString()), from, newTo);
    }

    /** The same addressing with a different element (its from/to attributes are replaced by ours). */
    public Stanza withElement(Element newElement) {
        Element e = newElement.withAttribute("from", from == null ? null : from.toString())
                .withAttribute("to", to == null ? null : to.toString());
        return new Stanza(kind, e, from, to);
    }

    /** An IQ result to this IQ, addressed back to its sender, carrying the given payload (or none). */
    public Stanza resultReply(Element payload) {
        requireIq();
        List<Node> children = payload == null ? List.of() : List.of(payload);
        return create(Kind.IQ, to, from, IqType.RESULT, id(), children);
    }

    /**
     * An error reply addressed back to the sender: same kind and id, {@code type="error"}, plus the
     * error element. A message or presence keeps its content, as RFC 6120 allows, so the sender can
     * tell which one failed; an IQ does not, since its payload may hold secrets (a password).
     */
    public Stanza errorReply(StanzaError error) {
        List<Node> children = new ArrayList<>();
        if (kind != Kind.IQ) {
            for (Node n : element.children()) {
                if (!(n instanceof Element e && e.is("error", Namespaces.CLIENT))) {
                    children.add(n);
                }
            }
        }
        children.add(error.toElement());
        Element.Builder b = Element.builder(kind.elementName(), Namespaces.CLIENT)
                .attribute("from", to == null ? null : to.toString())
                .attribute("to", from == null ? null : from.toString())
                .attribute("type", "error")
                .attribute("id", id());
        String lang = element.attribute("xml:lang");
        b.attribute("xml:lang", lang);
        b.children(children);
        return new Stanza(kind, b.build(), to, from);
    }

    private void requireIq() {
        requireKind(Kind.IQ);
    }

    private void requireKind(Kind expected) {
        if (kind != expected) {
            throw new IllegalStateException("not a " + expected.elementName() + ": " + kind);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Stanza s && element.equals(s.element);
    }

    @Override
    public int hashCode() {
        return Objects.hash(element);
    }

    @Override
    public String toString() {
        return element.toXml();
    }
}
