package org.magpie.client.model;

import org.magpie.client.service.MessageKind;

/**
 * The one-line preview of a conversation's latest message in the contacts list: a group's line
 * starts with the writer's nickname ("Bob: hi"), an image shows as [Image] / [图片] and a file as
 * [File] / [文件], line breaks become spaces, and a long line is cut with an ellipsis by display
 * width (a Chinese character is as wide as two Latin ones). Also the badge's text.
 */
public final class Previews {

    /** Columns a preview may fill (a Chinese character counts two). */
    public static final int WIDTH = 30;
    /** Counts above this show as "99+". */
    public static final int BADGE_LIMIT = 99;
    private static final String ELLIPSIS = "…";

    private final Texts texts;
    private final int width;

    public Previews(Texts texts) {
        this(texts, WIDTH);
    }

    public Previews(Texts texts, int width) {
        this.texts = texts;
        this.width = width;
    }

    /**
     * The preview of a message.
     *
     * @param group    whether it was written in a group (then the nickname comes first)
     * @param nickname the writer's nickname, or null
     * @param text     the message as written, or null (no message: empty preview)
     * @param kind     what it carries
     */
    public String preview(boolean group, String nickname, String text, MessageKind kind) {
        if (text == null) {
            return "";
        }
        String content = switch (kind) {
            case IMAGE -> texts.get("preview.image");
            case FILE -> texts.get("preview.file");
            default -> fold(text);
        };
        String line = group && nickname != null && !nickname.isBlank()
                ? texts.get("preview.group", fold(nickname), content) : content;
        return cut(line, width);
    }

    /** Line breaks (and tabs) become single spaces; runs of them one space; ends trimmed. */
    public static String fold(String text) {
        return text.replaceAll("[\\r\\n\\u2028\\u2029\\u0085\\t]+", " ").replaceAll(" {2,}", " ").strip();
    }

    /** Cuts a line to at most {@code columns} display columns, ending with "…" when cut. */
    public static String cut(String line, int columns) {
        if (width(line) <= columns) {
            return line;
        }
        int budget = columns - width(ELLIPSIS);
        StringBuilder out = new StringBuilder();
        int used = 0;
        for (int i = 0; i < line.length();) {
            int cp = line.codePointAt(i);
            int w = width(cp);
            if (used + w > budget) {
                break;
            }
            out.appendCodePoint(cp);
            used += w;
            i += Character.charCount(cp);
        }
        return out.toString().stripTrailing() + ELLIPSIS;
    }

    /** Display width: wide (East Asian) characters count two, combining marks none, others one. */
    public static int width(String s) {
        return s.codePoints().map(Previews::width).sum();
    }

    static int width(int cp) {
        int type = Character.getType(cp);
        if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
            return 0;
        }
        return wide(cp) ? 2 : 1;
    }

    /** East Asian Wide and Fullwidth ranges (UAX #11), and emoji, as terminals and list cells draw them. */
    private static boolean wide(int cp) {
        return cp >= 0x1100 && cp <= 0x115F // Hangul Jamo
                || cp >= 0x2E80 && cp <= 0x303E // CJK radicals, punctuation
                || cp >= 0x3041 && cp <= 0x33FF // kana, CJK symbols
                || cp >= 0x3400 && cp <= 0x4DBF // CJK extension A
                || cp >= 0x4E00 && cp <= 0x9FFF // CJK unified ideographs
                || cp >= 0xA000 && cp <= 0xA4CF // Yi
                || cp >= 0xAC00 && cp <= 0xD7A3 // Hangul syllables
                || cp >= 0xF900 && cp <= 0xFAFF // CJK compatibility ideographs
                || cp >= 0xFE30 && cp <= 0xFE4F // CJK compatibility forms
                || cp >= 0xFF00 && cp <= 0xFF60 // fullwidth forms
                || cp >= 0xFFE0 && cp <= 0xFFE6
                || cp >= 0x1F300 && cp <= 0x1F64F // emoji
                || cp >= 0x1F900 && cp <= 0x1F9FF
                || cp >= 0x20000 && cp <= 0x3FFFD; // CJK extensions B and later
    }

    /** The badge of an unread count: empty for none, "99+" above 99. */
    public static String badge(int count) {
        if (count <= 0) {
            return "";
        }
        return count > BADGE_LIMIT ? BADGE_LIMIT + "+" : Integer.toString(count);
    }
}
