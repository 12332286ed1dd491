package org.magpie.server.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Utf8Test {

    private static int check(String hex) {
        byte[] b = HexFormat.of().parseHex(hex);
        return Utf8.check(b, 0, b.length);
    }

    @Test
    void acceptsEveryLengthAtItsBounds() {
        assertEquals(1, check("00"));
        assertEquals(1, check("7f"));
        assertEquals(2, check("c280"));
        assertEquals(2, check("dfbf"));
        assertEquals(3, check("e0a080"));
        assertEquals(3, check("e4b8ad")); // 中
        assertEquals(3, check("ed9fbf")); // U+D7FF
        assertEquals(3, check("ee8080")); // U+E000
        assertEquals(4, check("f0908080"));
        assertEquals(4, check("f09f9880")); // 😀
        assertEquals(4, check("f48fbfbf")); // U+10FFFF
    }

    @Test
    void rejectsOverlongsSurrogatesAndOutOfRange() {
        assertEquals(-1, check("80"));       // lone continuation
        assertEquals(-1, check("c0af"));     // overlong '/'
        assertEquals(-1, check("c1bf"));
        assertEquals(-1, check("e080af"));   // overlong
        assertEquals(-1, check("eda080"));   // U+D800
        assertEquals(-1, check("edbfbf"));   // U+DFFF
        assertEquals(-1, check("f08fbfbf")); // overlong
        assertEquals(-1, check("f4908080")); // U+110000
        assertEquals(-1, check("f5808080"));
        assertEquals(-1, check("ff"));
        assertEquals(-1, check("c328"));     // missing continuation
    }

    @Test
    void reportsCutOffSequencesAsIncomplete() {
        assertEquals(0, check("c2"));
        assertEquals(0, check("e4b8"));
        assertEquals(0, check("f09f98"));
        assertEquals(-1, check("eda0")); // already known to be a surrogate
    }

    @Test
    void validPrefixStopsAtTheFirstProblem() {
        byte[] b = HexFormat.of().parseHex("61e4b8ad62f09f98");
        assertEquals(5, Utf8.validPrefix(b, 0, b.length));
        assertEquals(4, Utf8.validPrefix(b, 0, 4));
        assertEquals(1, Utf8.validPrefix(b, 0, 3)); // 中 cut off
        byte[] bad = HexFormat.of().parseHex("6162c0af63");
        assertEquals(2, Utf8.validPrefix(bad, 0, bad.length));
    }
}
