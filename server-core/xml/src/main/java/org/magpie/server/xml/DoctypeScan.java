package org.magpie.server.xml;

/**
 * Notes a {@code <!D} in the prolog. aalto reports a DOCTYPE only once it is complete, and fails on an
 * internal subset with a plain syntax error; either way the peer should hear restricted-xml. The
 * bytes may be split anywhere, so the match so far is kept between feeds.
 */
final class DoctypeScan {

    /** Progress in matching {@code <!D}. */
    private int match;
    private boolean seen;

    void scan(byte[] buf, int offset, int length) {
        int m = match;
        for (int i = offset, end = offset + length; i < end && !seen; i++) {
            byte b = buf[i];
            if (b == '<') {
                m = 1;
            } else if (m == 1 && b == '!') {
                m = 2;
            } else if (m == 2 && b == 'D') {
                seen = true;
            } else {
                m = 0;
            }
        }
        match = m;
    }

    boolean seen() {
        return seen;
    }
}
