package org.magpie.server.api.xml;

import java.util.Objects;

/** Character data inside an element. */
public record Text(String value) implements Node {

    public Text {
        Objects.requireNonNull(value, "value");
    }

    @Override
    public void appendXml(StringBuilder out, String parentNamespace) {
        Xml.escapeText(value, out);
    }
}
