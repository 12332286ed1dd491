package org.magpie.server.api.text;

import java.text.MessageFormat;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.stream.Collectors;

/**
 * A plugin's user-visible texts, read from its resource bundles: {@code messages.properties}
 * (English) and {@code messages_zh.properties} (Chinese) in the package of an anchor class. Texts
 * are {@link MessageFormat} patterns, always: {@code {0}} is the first argument and an apostrophe is
 * written twice ({@code ''}). Two kinds of argument are put in per language: a {@link LocalizedText}
 * in that language, and a collection as a list joined the way that language joins one ("a, b" in
 * English, "a、b" in Chinese). A key missing in Chinese
 * falls back to English; a key missing in English is a programming error and fails at once.
 *
 * <pre>{@code
 * private final Texts texts = Texts.of(RoomService.class);
 * throw texts.text("room.not.found", number).exception(Condition.ITEM_NOT_FOUND);
 * }</pre>
 */
public final class Texts {

    /** The languages the server speaks, English first. */
    public static final List<Locale> LANGUAGES = List.of(Locale.ENGLISH, Locale.CHINESE);

    /** How each language separates the items of a list in running text. */
    private static final Map<Locale, String> LIST_SEPARATORS = Map.of(Locale.ENGLISH, ", ", Locale.CHINESE, "、");

    private final Map<Locale, ResourceBundle> bundles;

    private Texts(Map<Locale, ResourceBundle> bundles) {
        this.bundles = bundles;
    }

    /** The bundles named {@code messages} in {@code anchor}'s package, loaded by its class loader. */
    public static Texts of(Class<?> anchor) {
        return of(anchor, "messages");
    }

    /** The bundles named {@code baseName} in {@code anchor}'s package. */
    public static Texts of(Class<?> anchor, String baseName) {
        String name = anchor.getPackageName() + "." + baseName;
        // no fallback to the JVM's default locale: English is the base bundle, whatever the machine says
        ResourceBundle.Control control = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);
        Map<Locale, ResourceBundle> bundles = new LinkedHashMap<>();
        for (Locale language : LANGUAGES) {
            bundles.put(language, ResourceBundle.getBundle(name, language, anchor.getClassLoader(), control));
        }
        return new Texts(bundles);
    }

    /**
     * The text of {@code key} in every language, with the arguments put in.
     *
     * @throws MissingResourceException when the English bundle lacks the key
     */
    public LocalizedText text(String key, Object... args) {
        Map<String, String> byLanguage = new LinkedHashMap<>();
        for (Map.Entry<Locale, ResourceBundle> e : bundles.entrySet()) {
            String pattern = e.getValue().getString(key); // the Chinese bundle inherits English keys it lacks
            byLanguage.put(e.getKey().getLanguage(), new MessageFormat(pattern, e.getKey()).format(inLanguage(args, e.getKey())));
        }
        return new LocalizedText(byLanguage);
    }

    /** The arguments as a reader of {@code language} reads them. */
    private static Object[] inLanguage(Object[] args, Locale language) {
        Object[] result = args.clone();
        for (int i = 0; i < result.length; i++) {
            if (result[i] instanceof LocalizedText text) {
                result[i] = text.in(language.getLanguage());
            } else if (result[i] instanceof Collection<?> list) {
                result[i] = list.stream().map(item -> item instanceof LocalizedText t ? t.in(language.getLanguage()) : String.valueOf(item))
                        .collect(Collectors.joining(LIST_SEPARATORS.getOrDefault(language, ", ")));
            }
        }
        return result;
    }

    /** Whether the bundles define {@code key}. */
    public boolean has(String key) {
        return bundles.get(Locale.ENGLISH).containsKey(key);
    }
}
