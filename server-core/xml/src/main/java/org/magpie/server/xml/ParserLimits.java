package org.magpie.server.xml;

/**
 * Bounds on what one peer may make the parser hold or do. Every limit is checked while input is still
 * arriving, so memory stays bounded whatever the peer sends.
 *
 * @param maxStanzaBytes       bytes of one top-level element (stanza), from its {@code <} to its last {@code >}
 * @param maxDepth             element nesting inside a stanza; the stanza itself is depth 1
 * @param maxAttributes        attributes of one element, namespace declarations included (both cost the same)
 * @param maxBytesBeforeHeader bytes up to and including the end of the stream header
 */
public record ParserLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxBytesBeforeHeader) {

    public ParserLimits {
        if (maxStanzaBytes <= 0 || maxDepth <= 0 || maxAttributes <= 0 || maxBytesBeforeHeader <= 0) {
            throw new IllegalArgumentException("parser limits must be positive: " + maxStanzaBytes + ", "
                    + maxDepth + ", " + maxAttributes + ", " + maxBytesBeforeHeader);
        }
    }

    /** 256 KiB stanzas, depth 32, 64 attributes, 8 KiB before the header. */
    public static ParserLimits defaults() {
        return new ParserLimits(256 * 1024, 32, 64, 8 * 1024);
    }
}
