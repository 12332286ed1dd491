package org.magpie.plugin.files.internal;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A single byte range of a file, inclusive at both ends, as HTTP Range (RFC 9110 §14.1.2) and
 * Content-Range (§14.4) headers write them.
 */
record ByteRange(long first, long last) {

    private static final Pattern RANGE = Pattern.compile("bytes=\\s*(\\d*)\\s*-\\s*(\\d*)\\s*");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes\\s+(\\d{1,19})-(\\d{1,19})/(\\d{1,19})");

    long length() {
        return last - first + 1;
    }

    /**
     * The range a {@code Range} header asks for in a file of {@code size} bytes: empty when the
     * header is absent, not about bytes, or lists several ranges (then the whole file is sent, as
     * RFC 9110 allows).
     *
     * @throws IllegalArgumentException for an unsatisfiable or malformed byte range (answered 416)
     */
    static Optional<ByteRange> fromRange(String header, long size) {
        if (header == null || !header.strip().startsWith("bytes=") || header.contains(",")) {
            return Optional.empty();
        }
        Matcher m = RANGE.matcher(header.strip());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()
                || m.group(1).length() > 18 || m.group(2).length() > 18) {
            throw new IllegalArgumentException("malformed range: " + header);
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) { // suffix: the last N bytes
            long n = Long.parseLong(m.group(2));
            if (n == 0 || size == 0) {
                throw new IllegalArgumentException("empty suffix range");
            }
            first = Math.max(0, size - n);
            last = size - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                throw new IllegalArgumentException("range ends before it starts: " + header);
            }
        }
        if (first >= size) {
            throw new IllegalArgumentException("range starts beyond the end: " + header);
        }
        return Optional.of(new ByteRange(first, last));
    }

    /** A {@code Content-Range: bytes first-last/total} header of an upload; empty when absent. */
    static Optional<ContentRange> fromContentRange(String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = CONTENT_RANGE.matcher(header.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed Content-Range: " + header);
        }
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        long total = Long.parseLong(m.group(3));
        if (last < first || last >= total) {
            throw new IllegalArgumentException("impossible Content-Range: " + header);
        }
        return Optional.of(new ContentRange(new ByteRange(first, last), total));
    }

    /** The part of an upload a continuation carries. */
    record ContentRange(ByteRange range, long total) {
    }
}
