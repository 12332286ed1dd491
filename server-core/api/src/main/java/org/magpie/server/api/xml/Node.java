package org.magpie.server.api.xml;

/** A node of an XML element tree: an {@link Element} or a {@link Text}. */
public sealed interface Node permits Element, Text {

    /** Appends this node as XML; {@code parentNamespace} decides whether an xmlns is written. */
    void appendXml(StringBuilder out, String parentNamespace);
}
