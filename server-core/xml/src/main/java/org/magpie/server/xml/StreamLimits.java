package org.magpie.server.xml;

import static org.magpie.server.api.StreamErrorCondition.NOT_WELL_FORMED;
import static org.magpie.server.api.StreamErrorCondition.POLICY_VIOLATION;

/**
 * The {@link ParserLimits} of one stream as checks that fail with the stream error to close with,
 * and what the stanza now arriving has used of the limit on attribute namespaces.
 */
final class StreamLimits {

    private final ParserLimits limits;
    /**
     * Characters of attribute namespaces in the keys of the stanza now arriving. A key names its namespace in
     * full ({uri}local, see Element), so one long namespace used by many short attributes would otherwise make
     * a stanza far larger in memory than on the wire; these characters count against the stanza limit.
     */
    private long attributeNamespaceChars;

    StreamLimits(ParserLimits limits) {
        this.limits = limits;
    }

    long maxBytesBeforeHeader() {
        return limits.maxBytesBeforeHeader();
    }

    long maxStanzaBytes() {
        return limits.maxStanzaBytes();
    }

    /** Before a start tag inside {@code depth} open elements. */
    void checkDepth(int depth) throws XmlStreamException {
        if (depth >= limits.maxDepth()) {
            throw new XmlStreamException(POLICY_VIOLATION, "elements nested deeper than " + limits.maxDepth() + " levels");
        }
    }

    void checkAttributeCount(int count, String qname) throws XmlStreamException {
        if (count > limits.maxAttributes()) {
            throw new XmlStreamException(POLICY_VIOLATION, "<" + qname + "> has " + count
                    + " attributes and namespace declarations, more than " + limits.maxAttributes());
        }
    }

    /**
     * A name the server will forward: aalto checks the local part of a prefixed name only loosely, and a name
     * or namespace longer than a recipient's parser reads would knock the recipient off.
     */
    void checkName(String prefix, String local, String namespace, String qname) throws XmlStreamException {
        if (prefix != null && !prefix.isEmpty() && !XmlNames.isNcName(local)) {
            throw new XmlStreamException(NOT_WELL_FORMED, "'" + prefix + ":" + local + "' in <" + qname
                    + "> is not an XML name");
        }
        if (local.length() > limits.maxNameLength() || namespace.length() > limits.maxNameLength()) {
            throw new XmlStreamException(POLICY_VIOLATION, "<" + qname + "> uses a name or namespace longer than "
                    + limits.maxNameLength() + " characters");
        }
    }

    /** A new stanza begins: its attribute namespaces are counted from zero. */
    void stanzaStarts() {
        attributeNamespaceChars = 0;
    }

    void attributeNamespace(String namespace) throws XmlStreamException {
        attributeNamespaceChars += namespace.length();
        if (attributeNamespaceChars > limits.maxStanzaBytes()) {
            throw new XmlStreamException(POLICY_VIOLATION, "the namespaced attributes of a stanza name their"
                    + " namespaces in more than " + limits.maxStanzaBytes() + " characters in all");
        }
    }

    XmlStreamException stanzaTooLarge() {
        return new XmlStreamException(POLICY_VIOLATION, "stanza larger than " + limits.maxStanzaBytes() + " bytes");
    }

    XmlStreamException tooMuchBeforeHeader() {
        return new XmlStreamException(POLICY_VIOLATION,
                "more than " + limits.maxBytesBeforeHeader() + " bytes before the end of the stream header");
    }
}
