package org.magpie.server.xml;

/**
 * Whether a string is an XML name without a colon (NCName, XML 1.0 fifth edition, section 2.3). aalto checks
 * the part of a prefixed name after the colon only loosely ({@code q:0} passes), and the server must not
 * forward a name a recipient's parser refuses.
 */
final class XmlNames {

    private XmlNames() {
    }

    static boolean isNcName(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length();) {
            int c = s.codePointAt(i);
            if (!(i == 0 ? isNameStart(c) : isNameStart(c) || isNameRest(c))) {
                return false;
            }
            i += Character.charCount(c);
        }
        return true;
    }

    private static boolean isNameStart(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_'
                || c >= 0xC0 && c <= 0xD6 || c >= 0xD8 && c <= 0xF6 || c >= 0xF8 && c <= 0x2FF
                || c >= 0x370 && c <= 0x37D || c >= 0x37F && c <= 0x1FFF || c >= 0x200C && c <= 0x200D
                || c >= 0x2070 && c <= 0x218F || c >= 0x2C00 && c <= 0x2FEF || c >= 0x3001 && c <= 0xD7FF
                || c >= 0xF900 && c <= 0xFDCF || c >= 0xFDF0 && c <= 0xFFFD || c >= 0x10000 && c <= 0xEFFFF;
    }

    private static boolean isNameRest(int c) {
        return c == '-' || c == '.' || c >= '0' && c <= '9' || c == 0xB7 || c >= 0x300 && c <= 0x36F
                || c >= 0x203F && c <= 0x2040;
    }
}
