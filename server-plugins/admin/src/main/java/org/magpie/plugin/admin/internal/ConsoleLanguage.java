package org.magpie.plugin.admin.internal;

import java.util.List;
import java.util.Locale;

/**
 * The language a console request is answered in: the page's own switch ({@code ?lang=en} or
 * {@code ?lang=zh}) first, else the browser's {@code Accept-Language} (any Chinese variant gets
 * Chinese), else English.
 */
final class ConsoleLanguage {

    static final String ENGLISH = "en";
    static final String CHINESE = "zh";
    private static final List<String> SPOKEN = List.of(ENGLISH, CHINESE);

    private ConsoleLanguage() {
    }

    static String of(String chosen, String acceptLanguage) {
        if (chosen != null && SPOKEN.contains(chosen)) {
            return chosen;
        }
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        try {
            // by the browser's weights; "zh-TW" and "zh-CN" are looked up as "zh" once their region matches nothing
            String found = Locale.lookupTag(Locale.LanguageRange.parse(acceptLanguage), SPOKEN);
            return found == null ? ENGLISH : found;
        } catch (IllegalArgumentException e) {
            return ENGLISH; // a malformed header is no reason to refuse the page
        }
    }

    /** The {@code <html lang>} of a page in that language: the Chinese texts are simplified Chinese. */
    static String htmlTag(String language) {
        return CHINESE.equals(language) ? "zh-CN" : ENGLISH;
    }

    /** The console's other language, which the page offers a switch to. */
    static String other(String language) {
        return CHINESE.equals(language) ? ENGLISH : CHINESE;
    }
}
