package org.magpie.server.xml;

/**
 * Strict UTF-8 checks (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF).
 * aalto's async reader accepts overlong forms and code points past U+10FFFF, and decodes a 4-byte
 * sequence split across two feeds wrongly inside attribute values; checking here, and handing aalto
 * only whole characters, keeps both problems out.
 */
final class Utf8 {

    private Utf8() {
    }

    /**
     * Checks the character that starts at {@code b[i]}, looking no further than {@code end}.
     *
     * @return its length in bytes (1 to 4) when complete and valid, 0 when valid so far but cut off
     *         by {@code end}, -1 when invalid
     */
    static int check(byte[] b, int i, int end) {
        int lead = b[i] & 0xFF;
        if (lead < 0x80) {
            return 1;
        }
        int length;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead == 0xE0) {
            length = 3;
            lo = 0xA0; // below: overlong
        } else if (lead == 0xED) {
            length = 3;
            hi = 0x9F; // above: UTF-16 surrogates
        } else if (lead >= 0xE1 && lead <= 0xEF) {
            length = 3;
        } else if (lead == 0xF0) {
            length = 4;
            lo = 0x90; // below: overlong
        } else if (lead >= 0xF1 && lead <= 0xF3) {
            length = 4;
        } else if (lead == 0xF4) {
            length = 4;
            hi = 0x8F; // above: past U+10FFFF
        } else {
            return -1; // a continuation byte, C0/C1 (always overlong) or F5..FF
        }
        for (int k = 1; k < length; k++) {
            if (i + k >= end) {
                return 0;
            }
            int c = b[i + k] & 0xFF;
            if (c < lo || c > hi) {
                return -1;
            }
            lo = 0x80;
            hi = 0xBF;
        }
        return length;
    }

    /** The end of the longest run of whole, valid characters in {@code b[from, to)}. */
    static int validPrefix(byte[] b, int from, int to) {
        int i = from;
        while (i < to) {
            if (b[i] >= 0) { // ASCII, the common case
                i++;
                continue;
            }
            int n = check(b, i, to);
            if (n <= 0) {
                return i;
            }
            i += n;
        }
        return i;
    }
}
