package org.magpie.bench;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Cuts an XMPP stream into its top-level elements (stanzas, features, SASL answers) without parsing
 * them: only tag boundaries, nesting and quoted attribute values are tracked, which is all the
 * generator needs and keeps its cost per stanza far below the servers'. Stream headers
 * ({@code <stream:stream ...>}) are skipped, also when the stream restarts after TLS or SASL.
 */
final class StanzaScanner {

    /** Returned when the peer closes the stream with {@code </stream:stream>}. */
    static final String STREAM_END = "</stream:stream>";

    private InputStream in;
    private byte[] buf;
    private int start; // first byte of the element being cut (or of unread data)
    private int pos;   // next byte to look at
    private int end;   // end of valid data
    private int depth; // 0 outside the stream, 1 inside it, >1 inside a stanza

    StanzaScanner(InputStream in, int initialBuffer) {
        this.in = in;
        this.buf = new byte[initialBuffer];
    }

    /** After STARTTLS: read from the TLS stream; nothing unread may be left over. */
    void switchTo(InputStream in) {
        this.in = in;
        start = pos = end = 0;
        depth = 0;
    }

    /** The next top-level element as text; {@link #STREAM_END} when the stream closes. */
    String next() throws IOException {
        while (true) {
            if (pos >= end && !fill()) {
                throw new EOFException("connection closed by the server");
            }
            byte b = buf[pos];
            if (b != '<') {
                pos++;
                if (depth <= 1) {
                    start = pos; // whitespace or text between stanzas
                }
                continue;
            }
            int tagStart = pos;
            int tagEnd = findTagEnd(pos + 1);
            while (tagEnd < 0) {
                if (!fill()) {
                    throw new EOFException("connection closed inside a tag");
                }
                tagStart = pos; // fill() may have moved the data
                tagEnd = findTagEnd(pos + 1);
            }
            pos = tagEnd + 1;
            byte second = buf[tagStart + 1];
            if (second == '?' || second == '!') { // XML declaration, comment
                if (depth <= 1) {
                    start = pos;
                }
                continue;
            }
            if (second == '/') {
                depth--;
                if (depth <= 0) {
                    depth = 0;
                    start = pos;
                    return STREAM_END;
                }
                if (depth == 1) {
                    return cut();
                }
                continue;
            }
            boolean selfClosing = buf[tagEnd - 1] == '/';
            if (depth <= 1 && startsWith(tagStart + 1, "stream:stream")) {
                depth = 1; // a (new) stream header
                start = pos;
                continue;
            }
            if (depth <= 1) {
                start = tagStart;
                if (selfClosing) {
                    return cut();
                }
            }
            if (!selfClosing) {
                depth++;
            }
        }
    }

    private String cut() {
        String s = new String(buf, start, pos - start, StandardCharsets.UTF_8);
        start = pos;
        return s;
    }

    /** Index of the '>' closing the tag whose content starts at {@code from}, or -1 if not read yet. */
    private int findTagEnd(int from) {
        byte quote = 0;
        for (int i = from; i < end; i++) {
            byte c = buf[i];
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
            } else if (c == '>') {
                return i;
            }
        }
        return -1;
    }

    private boolean startsWith(int at, String ascii) {
        if (at + ascii.length() > end) {
            return false;
        }
        for (int i = 0; i < ascii.length(); i++) {
            if (buf[at + i] != ascii.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes, keeping everything from {@code start}; false at end of stream. */
    private boolean fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            pos -= start;
            end -= start;
            start = 0;
        }
        if (end == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        int n = in.read(buf, end, buf.length - end);
        if (n < 0) {
            return false;
        }
        end += n;
        return true;
    }

    /** Frees the buffer of a connection that will only sit idle. */
    void shrink() {
        if (end - start <= 256 && buf.length > 256) {
            byte[] small = new byte[256];
            System.arraycopy(buf, start, small, 0, end - start);
            pos -= start;
            end -= start;
            start = 0;
            buf = small;
        }
    }
}
