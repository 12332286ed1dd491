package org.magpie.plugin.auth.internal;

import java.util.Locale;

import org.magpie.server.api.StanzaError;

/** A user-visible text in English and Chinese, the two languages of the intranet. */
record Text(String en, String zh) {

    /** The text for a client language such as "zh", "zh-CN" or "en"; English for anything else. */
    String in(String language) {
        return isChinese(language) ? zh : en;
    }

    /** A stanza error with both texts, so every client finds its language. */
    StanzaError error(StanzaError.Condition condition) {
        return StanzaError.of(condition, en, zh);
    }

    static boolean isChinese(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh");
    }
}
