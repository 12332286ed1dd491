package org.magpie.server.it;

import javax.xml.namespace.QName;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;

/**
 * An {@code <x xmlns='urn:y'>} extension that Smack writes exactly as given, as a hostile client would:
 * its own prefixes, declared where it likes.
 */
record RawExtension(String xml) implements ExtensionElement {

    @Override
    public String getElementName() {
        return "x";
    }

    @Override
    public String getNamespace() {
        return "urn:y";
    }

    @Override
    public CharSequence toXML(XmlEnvironment environment) {
        return xml;
    }

    @Override
    public QName getQName() {
        return new QName("urn:y", "x");
    }
}
