package org.magpie.bench;

/** Just enough string handling to read the few values the generator needs from a stanza. */
final class Xml {

    private Xml() {
    }

    /** Text content of a simple element such as {@code <challenge ...>abc</challenge>}; "" if empty. */
    static String text(String element) {
        int open = element.indexOf('>');
        if (open < 0 || element.charAt(open - 1) == '/') {
            return "";
        }
        int close = element.lastIndexOf("</");
        return close > open ? element.substring(open + 1, close) : "";
    }

    /** Value of an attribute of the outermost element, or null. */
    static String attr(String element, String name) {
        int tagEnd = element.indexOf('>');
        int from = 0;
        while (true) {
            int at = element.indexOf(name, from);
            if (at < 0 || (tagEnd >= 0 && at > tagEnd)) {
                return null;
            }
            int eq = at + name.length();
            if (at > 0 && Character.isWhitespace(element.charAt(at - 1)) && eq + 1 < element.length()
                    && element.charAt(eq) == '=') {
                char q = element.charAt(eq + 1);
                int close = element.indexOf(q, eq + 2);
                return unescape(element.substring(eq + 2, close));
            }
            from = at + 1;
        }
    }

    /** Text of the first {@code <name>...</name>} or {@code <name attrs>...</name>} anywhere inside, or null. */
    static String childText(String element, String name) {
        int at = element.indexOf("<" + name + ">");
        int contentStart;
        if (at >= 0) {
            contentStart = at + name.length() + 2;
        } else {
            at = element.indexOf("<" + name + " ");
            if (at < 0) {
                return null;
            }
            int gt = element.indexOf('>', at);
            if (element.charAt(gt - 1) == '/') {
                return "";
            }
            contentStart = gt + 1;
        }
        int close = element.indexOf("</" + name + ">", contentStart);
        return close < 0 ? null : unescape(element.substring(contentStart, close));
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&apos;").replace("\"", "&quot;");
    }

    static String unescape(String s) {
        if (s.indexOf('&') < 0) {
            return s;
        }
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&quot;", "\"").replace("&amp;", "&");
    }
}
