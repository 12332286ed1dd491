package org.magpie.client.ui;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.Objects;
import java.util.ResourceBundle;

/**
 * The UI code's texts in one language: {@code messages.properties} (English) and
 * {@code messages_zh.properties} (Simplified Chinese) next to this class. The application context
 * holds the instance for the language chosen at start-up (see
 * {@link org.magpie.client.ui.lifecycle.LifeCycle}); parts and handlers get it injected.
 */
public final class Messages {

    private static final String BUNDLE = "org.magpie.client.ui.messages";

    private final Locale locale;
    private final ResourceBundle bundle;

    public Messages(Locale locale) {
        this.locale = Objects.requireNonNull(locale, "locale");
        // no fallback to the JVM's default locale: English (the base file) is the fallback
        this.bundle = ResourceBundle.getBundle(BUNDLE, locale, Messages.class.getClassLoader(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Locale locale() {
        return locale;
    }

    /** The text for {@code key} with {@code {0}}-style arguments filled in; the key itself when missing. */
    public String get(String key, Object... args) {
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            return key;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, locale).format(args);
    }
}
