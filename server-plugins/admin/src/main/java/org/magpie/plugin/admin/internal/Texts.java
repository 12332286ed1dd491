package org.magpie.plugin.admin.internal;

import java.util.Locale;

/** Picks the Chinese or English text for the requester's language. */
final class Texts {

    private Texts() {
    }

    static boolean chinese(String language) {
        return language != null && language.toLowerCase(Locale.ROOT).startsWith("zh");
    }

    static String pick(String language, String en, String zh) {
        return chinese(language) ? zh : en;
    }
}
