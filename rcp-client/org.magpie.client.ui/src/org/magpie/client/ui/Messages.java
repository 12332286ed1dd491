package org.magpie.client.ui;

import java.util.Locale;
import java.util.Objects;

import org.magpie.client.model.Texts;

/**
 * The UI code's texts in one language: {@code messages.properties} (English) and
 * {@code messages_zh.properties} (Simplified Chinese) next to this class. The application context
 * holds the instance for the language chosen at start-up (see
 * {@link org.magpie.client.ui.lifecycle.LifeCycle}); parts and handlers get it injected.
 */
public final class Messages {

    private final Texts texts;

    public Messages(Locale locale) {
        this.texts = new Texts("org.magpie.client.ui.messages", Objects.requireNonNull(locale, "locale"),
                Messages.class.getClassLoader());
    }

    public Locale locale() {
        return texts.locale();
    }

    /** The text for {@code key} with {@code {0}}-style arguments filled in; the key itself when missing. */
    public String get(String key, Object... args) {
        return texts.get(key, args);
    }
}
