package org.magpie.client.model;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * User-facing texts in one language from a properties bundle (English base file, {@code _zh} for
 * Simplified Chinese). Without a file for the language, English is used, never the JVM's default.
 */
public final class Texts {

    private final ResourceBundle bundle;
    private final Locale locale;

    /** The model's own texts (messages.properties, messages_zh.properties next to this class). */
    public Texts(Locale locale) {
        this("org.magpie.client.model.messages", locale, Texts.class.getClassLoader());
    }

    /** Another bundle's texts, found by its base name with that bundle's class loader. */
    public Texts(String baseName, Locale locale, ClassLoader loader) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle(baseName, locale, loader,
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    public Locale locale() {
        return locale;
    }

    /** The text for a key, with {0}-style arguments filled in; the key itself when it is missing. */
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
