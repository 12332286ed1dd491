package org.magpie.server.xml;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The opening {@code <stream:stream>} tag as the peer sent it.
 *
 * @param localName        the root's local name (always {@code stream} once the parser accepted it)
 * @param namespace        the root's namespace (always {@code http://etherx.jabber.org/streams})
 * @param prefix           the root's prefix as written, {@code ""} when none
 * @param defaultNamespace the default namespace declared on the root ({@code jabber:client} for a client),
 *                         null when none is declared
 * @param attributes       the attributes in document order; {@code xml:lang} keeps its prefix, namespace
 *                         declarations are not attributes
 */
public record StreamHeader(String localName, String namespace, String prefix, String defaultNamespace,
                           Map<String, String> attributes) {

    public StreamHeader {
        Objects.requireNonNull(localName, "localName");
        namespace = namespace == null ? "" : namespace;
        prefix = prefix == null ? "" : prefix;
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    /** The attribute's value, or null when absent. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    /** The {@code to} attribute: the domain the peer wants to talk to; null when absent. */
    public String to() {
        return attributes.get("to");
    }

    /** The {@code from} attribute; null when absent. */
    public String from() {
        return attributes.get("from");
    }

    /** The {@code version} attribute ({@code 1.0} for RFC 6120 peers); null when absent. */
    public String version() {
        return attributes.get("version");
    }

    /** The {@code xml:lang} attribute; null when absent. */
    public String language() {
        return attributes.get("xml:lang");
    }
}
