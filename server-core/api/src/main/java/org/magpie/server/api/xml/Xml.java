package org.magpie.server.api.xml;

/** XML escaping rules shared by the serializer. */
final class Xml {

    private Xml() {
    }

    static void escapeText(CharSequence s, StringBuilder out) {
        int plainFrom = 0; // characters from here to i need no escaping: appended in one go
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x3F && c < 0xD800 || c >= 0x20 && c < 0x3F && c != '&' && c != '<' && c != '>'
                    || c == '\n' || c == '\t' || c > 0xDFFF && c < 0xFFFE) {
                continue;
            }
            out.append(s, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;"); // a parser would turn a bare CR into LF
                default -> appendChar(s, i, c, out);
            }
        }
        out.append(s, plainFrom, s.length());
    }

    static void escapeAttribute(CharSequence s, StringBuilder out) {
        int plainFrom = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x3F && c < 0xD800 || c >= 0x20 && c < 0x3F && c != '&' && c != '<' && c != '>' && c != '"'
                    && c != '\'' || c > 0xDFFF && c < 0xFFFE) {
                continue;
            }
            out.append(s, plainFrom, i);
            plainFrom = i + 1;
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                case '\t' -> out.append("&#9;");
                default -> appendChar(s, i, c, out);
            }
        }
        out.append(s, plainFrom, s.length());
    }

    /**
     * Appends a character XML 1.0 allows, or U+FFFD for one it does not (C0 controls, U+FFFE/U+FFFF,
     * an unpaired surrogate): text a plugin got from outside the stream (a web service, a file) must not
     * make a receiver's parser fail. Parsed text never contains such characters.
     */
    private static void appendChar(CharSequence s, int i, char c, StringBuilder out) {
        if (c >= 0x20 && c < 0xD800 || c == '\n' || c == '\t' || c > 0xDFFF && c < 0xFFFE) {
            out.append(c);
        } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))
                || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1))) {
            out.append(c);
        } else {
            out.append('\uFFFD');
        }
    }
}
