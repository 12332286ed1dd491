package org.magpie.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.Optional;

/**
 * Fuzzes the parsing of the HTTP {@code Range} and {@code Content-Range} headers. Whatever a client sends, the
 * answer is a range inside the file (or the upload), no range (the whole file), or an
 * {@link IllegalArgumentException}, which the server answers with 416 or 400: never another exception (no answer
 * at all) and never a range outside the file. Well-formed single ranges must be read as written. A plain test
 * run replays the inputs in {@code ByteRangeFuzzTestInputs}; see docs/FUZZING.md for fuzzing.
 */
class ByteRangeFuzzTest {

    @FuzzTest(maxDuration = "30m")
    void rangeHeaders(FuzzedDataProvider data) {
        // masked: Jazzer 0.24's consumeLong(0, Long.MAX_VALUE) sometimes gives a negative number (found by fuzzing)
        long size = data.consumeBoolean() ? data.consumeLong(0, 10_000) : data.consumeLong(0, Long.MAX_VALUE) & Long.MAX_VALUE;
        String header = data.consumeRemainingAsString();

        Optional<ByteRange> range = Optional.empty();
        boolean refused = false;
        try {
            range = ByteRange.fromRange(header, size);
        } catch (IllegalArgumentException e) {
            refused = true;
        }
        range.ifPresent(r -> {
            assertTrue(0 <= r.first() && r.first() <= r.last() && r.last() < size,
                    () -> r + " is not within a file of " + size + " bytes, from '" + header + "'");
            assertTrue(r.length() >= 1);
        });

        Optional<ByteRange> expected = wellFormedRange(header, size);
        if (expected != null) {
            assertEquals(expected, range, () -> "read '" + header + "' for " + size + " bytes wrongly");
            assertTrue(!refused);
        }

        try {
            ByteRange.fromContentRange(header).ifPresent(c -> {
                ByteRange r = c.range();
                assertTrue(0 <= r.first() && r.first() <= r.last() && r.last() < c.total(),
                        () -> r + " is not within an upload of " + c.total() + " bytes, from '" + header + "'");
            });
        } catch (IllegalArgumentException e) {
            // answered 400
        }
    }

    /**
     * An independent reading of the simplest satisfiable forms ({@code bytes=a-b}, {@code bytes=a-},
     * {@code bytes=-n}, ASCII digits, no spaces) for a file of {@code size} bytes; null for anything else.
     */
    private static Optional<ByteRange> wellFormedRange(String header, long size) {
        if (!header.matches("bytes=[0-9]{1,18}-[0-9]{0,18}|bytes=-[0-9]{1,18}")) {
            return null;
        }
        String spec = header.substring("bytes=".length());
        int dash = spec.indexOf('-');
        String from = spec.substring(0, dash);
        String to = spec.substring(dash + 1);
        if (from.isEmpty()) {
            long n = Long.parseLong(to);
            return n == 0 || size == 0 ? null : Optional.of(new ByteRange(Math.max(0, size - n), size - 1));
        }
        long first = Long.parseLong(from);
        long last = to.isEmpty() ? size - 1 : Long.parseLong(to);
        if (first >= size || last < first) {
            return null;
        }
        return Optional.of(new ByteRange(first, Math.min(last, size - 1)));
    }
}
