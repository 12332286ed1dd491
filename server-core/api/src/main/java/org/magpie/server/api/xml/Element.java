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
 * and child nodes. "Changing" an element returns a copy.
 *
 * <p>An attribute is keyed by its local name when it has no namespace, by {@code xml:}<i>local</i>
 * in the XML namespace (whose prefix is always bound, e.g. {@code xml:lang}), and in Clark notation
 * {@code {uri}local} in any other namespace ({@link #qualifiedName}). Prefixes are not kept: they
 * mean nothing outside the document that declared them, and forwarding one without its declaration
 * makes the receiver's parser fail. The serialiser declares a prefix for every namespaced attribute
 * on the element that carries it, so whatever an element holds is written as namespace-well-formed XML.
 */
public final class Element implements Node {

    private final String name;
    private final String namespace;
    private final Map<String, String> attributes;
    private final List<Node> children;

    private Element(String name, String namespace, Map<String, String> attributes, List<Node> children) {
        this.name = requireName(name);
        this.namespace = requireNamespace(namespace == null ? "" : namespace);
        this.attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        this.children = List.copyOf(children);
    }

    private static String requireName(String name) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("element name must not be empty");
        }
        return name;
    }

    /** No default namespace declaration may name these (XML Namespaces 1.0, section 3): no element can be in them. */
    private static String requireNamespace(String namespace) {
        if (namespace.equals(XML_NAMESPACE) || namespace.equals(XMLNS_NAMESPACE)) {
            throw new IllegalArgumentException("no element may be in the reserved namespace " + namespace);
        }
        return namespace;
    }

    private static void requireAttributeName(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("attribute name must not be empty");
        }
        String local;
        if (key.charAt(0) == '{') {
            // the last '}': a namespace may contain one, a local name may not
            int close = key.lastIndexOf('}');
            if (close < 2) {
                throw new IllegalArgumentException("attribute '" + key + "': a namespace is written {uri}local, with a uri");
            }
            String uri = key.substring(1, close);
            if (uri.equals(XML_NAMESPACE) || uri.equals(XMLNS_NAMESPACE)) { // only xml: may stand for the first
                throw new IllegalArgumentException("attribute '" + key + "': use xml:local for the XML namespace;"
                        + " the xmlns namespace holds no attributes");
            }
            local = key.substring(close + 1);
        } else {
            local = key.startsWith("xml:") ? key.substring(4) : key;
        }
        if (local.isEmpty() || local.indexOf(':') >= 0 || local.equals("xmlns") || key.startsWith("xmlns:")) {
            throw new IllegalArgumentException("attribute '" + key + "' is not a local name, xml:name or {uri}name");
        }
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

    /** The attribute's value, or null when absent; {@code name} is a key as described on this class. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** The value of the attribute in this namespace ("" for none), or null when absent. */
    public String attribute(String namespace, String localName) {
        return attributes.get(qualifiedName(namespace, localName));
    }

    /** The key of an attribute in a namespace: the local name, {@code xml:local} or {@code {uri}local}. */
    public static String qualifiedName(String namespace, String localName) {
        if (namespace == null || namespace.isEmpty()) {
            return localName;
        }
        if (XML_NAMESPACE.equals(namespace)) {
            return "xml:" + localName;
        }
        return '{' + namespace + '}' + localName;
    }

    /** The namespace bound to the {@code xml} prefix (XML Namespaces 1.0, section 3). */
    public static final String XML_NAMESPACE = "http://www.w3.org/XML/1998/namespace";

    /** The namespace of namespace declarations (XML Namespaces 1.0, section 3); nothing else may be in it. */
    private static final String XMLNS_NAMESPACE = "http://www.w3.org/2000/xmlns/";

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
        List<String> declared = null; // namespaces of this element's attributes, the prefix is ns + index
        for (Map.Entry<String, String> a : attributes.entrySet()) {
            String key = a.getKey();
            out.append(' ');
            if (key.charAt(0) == '{') {
                int close = key.lastIndexOf('}'); // a namespace may contain '}', a local name may not
                String uri = key.substring(1, close);
                if (declared == null) {
                    declared = new ArrayList<>(2);
                }
                int index = declared.indexOf(uri);
                if (index < 0) {
                    index = declared.size();
                    declared.add(uri);
                    out.append("xmlns:ns").append(index).append("=\"");
                    Xml.escapeAttribute(uri, out);
                    out.append("\" ");
                }
                out.append("ns").append(index).append(':').append(key, close + 1, key.length());
            } else {
                out.append(key);
            }
            out.append("=\"");
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

        /**
         * Sets an attribute; a null value removes it. The name is a key as described on {@link Element}:
         * a prefixed name other than {@code xml:} would reach the wire without its declaration, so it is refused.
         */
        public Builder attribute(String name, String value) {
            requireAttributeName(name);
            if (value == null) {
                attributes.remove(name);
            } else {
                attributes.put(name, value);
            }
            return this;
        }

        /** Sets an attribute in a namespace ("" for none); a null value removes it. */
        public Builder attribute(String namespace, String localName, String value) {
            return attribute(qualifiedName(namespace, localName), value);
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
