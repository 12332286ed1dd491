package org.magpie.plugin.files.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void rangeHeadersOfDownloads() {
        assertEquals(Optional.of(new ByteRange(0, 9)), ByteRange.fromRange("bytes=0-9", 100));
        assertEquals(Optional.of(new ByteRange(90, 99)), ByteRange.fromRange("bytes=90-", 100));
        assertEquals(Optional.of(new ByteRange(95, 99)), ByteRange.fromRange("bytes=-5", 100));
        assertEquals(Optional.of(new ByteRange(0, 99)), ByteRange.fromRange("bytes=-500", 100), "a suffix longer than the file is all of it");
        assertEquals(Optional.of(new ByteRange(50, 99)), ByteRange.fromRange("bytes=50-5000", 100), "cut at the end");
        assertEquals(10, new ByteRange(0, 9).length());
    }

    @Test
    void noRangeOrOneWeDoNotServeMeansTheWholeFile() {
        assertTrue(ByteRange.fromRange(null, 100).isEmpty());
        assertTrue(ByteRange.fromRange("items=0-9", 100).isEmpty());
        assertTrue(ByteRange.fromRange("bytes=0-9,20-29", 100).isEmpty(), "several ranges: the whole file, as RFC 9110 allows");
    }

    @Test
    void unsatisfiableOrMalformedRangesAreRefused() {
        for (String bad : new String[] {"bytes=100-", "bytes=100-200", "bytes=9-3", "bytes=-0", "bytes=-", "bytes=a-b",
                "bytes=99999999999999999999-"}) {
            assertThrows(IllegalArgumentException.class, () -> ByteRange.fromRange(bad, 100), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> ByteRange.fromRange("bytes=-5", 0), "nothing to take from an empty file");
    }

    @Test
    void contentRangesOfUploads() {
        ByteRange.ContentRange r = ByteRange.fromContentRange("bytes 100-199/1000").orElseThrow();
        assertEquals(new ByteRange(100, 199), r.range());
        assertEquals(1000, r.total());
        assertTrue(ByteRange.fromContentRange(null).isEmpty());
        for (String bad : new String[] {"bytes 100-99/1000", "bytes 0-1000/1000", "bytes */1000", "bytes 1-2", "100-200/1000"}) {
            assertThrows(IllegalArgumentException.class, () -> ByteRange.fromContentRange(bad), bad);
        }
    }
}
