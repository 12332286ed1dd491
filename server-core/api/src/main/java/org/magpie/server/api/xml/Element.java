package org.magpie.server.api.xml;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable XML element: qualified by name and namespace, with attributes in document order
 * and child nodes. Attribute names are local names, except the one namespaced attribute XMPP
 * needs, {@code xml:lang}, which keeps its prefix. "Changing" an element returns a copy.
 */
public final class Element implements Node {

    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<Node> children;

    private Element(String name, String namespace, Map<String, String> attributes, List<Node> children) {
        this.name = requireName(name);
        this.namespace = namespace == null ? "" : namespace;
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.children = List.copyOf(children);
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("element name must not be empty");
        }
        return name;
    }

    public static Builder builder(String name, String namespace) {
        return new Builder(name, namespace);
    }

    /** An element without attributes or children. */
    public static Element of(String name, String namespace) {
        return new Element(name, namespace, Map.of(), List.of());
    }

    public String name() {
        return name;
    }

    /** The namespace URI; the empty string when the element has none. */
    public String namespace() {
        return namespace;
    }

    public boolean is(String name, String namespace) {
        return this.name.equals(name) && this.namespace.equals(namespace);
    }

    public Map<String, String> attributes() {
        return attributes;
    }

    /** The attribute's value, or null when absent. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    public List<Node> children() {
        return children;
    }

    /** The child elements, text nodes left out. */
    public List<Element> elements() {
        List<Element> result = new ArrayList<>(children.size());
        for (Node n : children) {
            if (n instanceof Element e) {
                result.add(e);
            }
        }
        return result;
    }

    /** The first child element with this name and namespace. */
    public Optional<Element> child(String name, String namespace) {
        for (Node n : children) {
            if (n instanceof Element e && e.is(name, namespace)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first child element in this namespace, whatever its name. */
    public Optional<Element> childIn(String namespace) {
        for (Node n : children) {
            if (n instanceof Element e && e.namespace.equals(namespace)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The first child element, if any. */
    public Optional<Element> firstElement() {
        for (Node n : children) {
            if (n instanceof Element e) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** The concatenated text of the direct text children. */
    public String text() {
        StringBuilder sb = new StringBuilder();
        for (Node n : children) {
            if (n instanceof Text t) {
                sb.append(t.value());
            }
        }
        return sb.toString();
    }

    /** The text of the first child element with this name in this element's own namespace. */
    public Optional<String> childText(String name) {
        return child(name, namespace).map(Element::text);
    }

    public Element withAttribute(String name, String value) {
        return toBuilder().attribute(name, value).build();
    }

    public Element withoutAttribute(String name) {
        if (!attributes.containsKey(name)) {
            return this;
        }
        Builder b = toBuilder();
        b.attributes.remove(name);
        return b.build();
    }

    public Element withChildren(List<? extends Node> newChildren) {
        return new Element(name, namespace, attributes, new ArrayList<>(newChildren));
    }

    public Element withChild(Node child) {
        List<Node> list = new ArrayList<>(children);
        list.add(child);
        return new Element(name, namespace, attributes, list);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, namespace);
        b.attributes.putAll(attributes);
        b.children.addAll(children);
        return b;
    }

    /** Serialises this element with its own xmlns declaration. */
    public String toXml() {
        StringBuilder sb = new StringBuilder(128);
        appendXml(sb, null);
        return sb.toString();
    }

    /** Serialises this element as a child of an element (or stream) whose default namespace is given. */
    public String toXml(String parentNamespace) {
        StringBuilder sb = new StringBuilder(128);
        appendXml(sb, parentNamespace);
        return sb.toString();
    }

    @Override
    public void appendXml(StringBuilder out, String parentNamespace) {
        out.append('<').append(name);
        if (!namespace.equals(parentNamespace == null ? null : parentNamespace)) {
            out.append(" xmlns=\"");
            Xml.escapeAttribute(namespace, out);
            out.append('"');
        }
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            out.append(' ').append(a.getKey()).append("=\"");
            Xml.escapeAttribute(a.getValue(), out);
            out.append('"');
        }
        if (children.isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (Node child : children) {
            child.appendXml(out, namespace);
        }
        out.append("</").append(name).append('>');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Element e && name.equals(e.name) && namespace.equals(e.namespace)
                && attributes.equals(e.attributes) && children.equals(e.children);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, namespace, attributes, children);
    }

    @Override
    public String toString() {
        return toXml();
    }

    /** Collects attributes and children; not thread-safe, use once. */
    public static final class Builder {
        private final String name;
        private final String namespace;
        private final Map<String, String> attributes = new LinkedHashMap<>();
        private final List<Node> children = new ArrayList<>();

        private Builder(String name, String namespace) {
            this.name = requireName(name);
            this.namespace = namespace;
        }

        /** Sets an attribute; a null value removes it. */
        public Builder attribute(String name, String value) {
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        public Builder child(Node child) {
            children.add(Objects.requireNonNull(child));
            return this;
        }

        public Builder children(List<? extends Node> nodes) {
            nodes.forEach(this::child);
            return this;
        }

        /** Adds a text node; empty or null text adds nothing. */
        public Builder text(String text) {
            if (text != null && !text.isEmpty()) {
                children.add(new Text(text));
            }
            return this;
        }

        /** Adds a child element in the same namespace holding only text. */
        public Builder textChild(String childName, String text) {
            return child(Element.builder(childName, namespace).text(text).build());
        }

        public Element build() {
            return new Element(name, namespace, attributes, children);
        }
    }
}
