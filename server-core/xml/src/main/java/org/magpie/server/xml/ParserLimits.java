package org.magpie.server.xml;

/**
 * Bounds on what one peer may make the parser hold or do. Every limit is checked while input is still
 * arriving, so memory stays bounded whatever the peer sends.
 *
 * @param maxStanzaBytes       bytes of one top-level element (stanza), from its {@code <} to its last {@code >};
 *                             the namespaces its attribute keys repeat count against it too, in characters
 * @param maxDepth             element nesting inside a stanza; the stanza itself is depth 1
 * @param maxAttributes        attributes of one element, namespace declarations included (both cost the same)
 * @param maxBytesBeforeHeader bytes up to and including the end of the stream header
 * @param maxNameLength        characters of an element or attribute name and of a namespace a stanza uses: the
 *                             server forwards them, and the JDK's XML parsers (Smack's in the desktop client)
 *                             refuse names and namespaces of more than 1,000 characters
 */
public record ParserLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxBytesBeforeHeader,
                           int maxNameLength) {

    /** Well below the 1,000 characters of the JDK's jdk.xml.maxXMLNameLimit, which counts a prefix too. */
    public static final int DEFAULT_MAX_NAME_LENGTH = 512;

    public ParserLimits {
        if (maxStanzaBytes <= 0 || maxDepth <= 0 || maxAttributes <= 0 || maxBytesBeforeHeader <= 0 || maxNameLength <= 0) {
            throw new IllegalArgumentException("parser limits must be positive: " + maxStanzaBytes + ", "
                    + maxDepth + ", " + maxAttributes + ", " + maxBytesBeforeHeader + ", " + maxNameLength);
        }
    }

    /** These limits with names and namespaces of at most {@link #DEFAULT_MAX_NAME_LENGTH} characters. */
    public ParserLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxBytesBeforeHeader) {
        this(maxStanzaBytes, maxDepth, maxAttributes, maxBytesBeforeHeader, DEFAULT_MAX_NAME_LENGTH);
    }

    /** 256 KiB stanzas, depth 32, 64 attributes, 8 KiB before the header, names of 512 characters. */
    public static ParserLimits defaults() {
        return new ParserLimits(256 * 1024, 32, 64, 8 * 1024);
    }
}
