package org.magpie.plugin.files.internal;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** The content types uploads may have: exact types and {@code image/*} wildcards; none listed = all. */
final class ContentTypes {

    /** type/subtype as RFC 6838 allows, parameters (;charset=...) stripped before the check */
    private static final Pattern TYPE = Pattern.compile("[a-z0-9][a-z0-9!#$&^_.+-]{0,126}/[a-z0-9][a-z0-9!#$&^_.+-]{0,126}");

    private final List<String> allowed;

    ContentTypes(String list) {
        allowed = Arrays.stream(list == null ? new String[0] : list.split(","))
                .map(s -> s.strip().toLowerCase(Locale.ROOT)).filter(s -> !s.isEmpty()).toList();
    }

    /** The type in lower case without parameters, or null when it is no valid type/subtype. */
    static String normalize(String contentType) {
        if (contentType == null) {
            return null;
        }
        String t = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return TYPE.matcher(t).matches() ? t : null;
    }

    boolean allows(String type) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String a : allowed) {
            if (a.equals(type) || a.endsWith("/*") && type.startsWith(a.substring(0, a.length() - 1))) {
                return true;
            }
        }
        return false;
    }

    String describe() {
        return String.join(", ", allowed);
    }
}
