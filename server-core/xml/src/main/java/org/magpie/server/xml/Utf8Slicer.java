package org.magpie.server.xml;

import static org.magpie.server.xml.XmlErrors.badUtf8;

/**
 * Checks the UTF-8 of a stream's bytes and hands them on in slices of whole characters: input may be
 * split anywhere, even inside a character, whose start then waits here for the next feed. Slices are at
 * most {@link #SLICE} bytes, so the parser checks its limits at least that often.
 */
final class Utf8Slicer {

    /** Where the whole characters go. */
    interface Sink {
        void parse(byte[] buf, int offset, int length) throws XmlStreamException;

        /** False once the stream has ended or failed: the rest of the input is ignored. */
        boolean active();

        /** The stream offset of the next byte the sink gets. */
        long offset();
    }

    static final int SLICE = 8 * 1024;

    private final Sink sink;
    /** The start of a UTF-8 sequence that the last feed cut off. */
    private final byte[] carry = new byte[4];
    private int carryLen;

    Utf8Slicer(Sink sink) {
        this.sink = sink;
    }

    /** Bytes of a cut-off character that wait for the next feed. */
    int waiting() {
        return carryLen;
    }

    void consume(byte[] data, int offset, int length) throws XmlStreamException {
        int end = offset + length;
        int i = offset;
        if (carryLen > 0) { // complete the character the last feed cut off
            while (i < end) {
                carry[carryLen++] = data[i++];
                int n = Utf8.check(carry, 0, carryLen);
                if (n < 0) {
                    throw badUtf8(sink.offset() + carryLen - 1);
                }
                if (n > 0) {
                    carryLen = 0;
                    sink.parse(carry, 0, n);
                    break;
                }
            }
        }
        while (i < end && sink.active()) {
            int sliceEnd = Math.min(end, i + SLICE);
            int valid = Utf8.validPrefix(data, i, sliceEnd);
            if (valid > i) {
                sink.parse(data, i, valid - i);
            }
            if (valid == sliceEnd || !sink.active()) {
                i = valid;
                continue;
            }
            if (Utf8.check(data, valid, sliceEnd) < 0) {
                throw badUtf8(sink.offset());
            }
            if (sliceEnd == end) { // a character cut off by the end of this feed
                carryLen = end - valid;
                System.arraycopy(data, valid, carry, 0, carryLen);
                return;
            }
            i = valid; // cut off by the slice only: the next slice starts with it
        }
    }
}
