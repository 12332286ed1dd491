package org.magpie.client.ui.preferences;

import java.util.Locale;
import java.util.Objects;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The user's language: English, Simplified Chinese, or the system's. Kept as the instance-scope
 * preference {@value #QUALIFIER}/{@value #KEY} ({@code en}, {@code zh-CN}, absent = system), i.e. in
 * {@code <instance area>/.metadata/.plugins/org.eclipse.core.runtime/.settings/org.magpie.client.ui.prefs}
 * (the instance area is {@code ~/.magpie/workspace} unless {@code -data} says otherwise). It is read
 * once at start-up by the lifecycle ({@link #applyAtStartup()}), which sets the JVM's default
 * locale, {@code osgi.nl} and the e4 translation locale before any window is made: a change takes
 * effect at the next start. With "system default" the locale stays what the system or {@code -nl}
 * gave.
 */
public final class LanguagePreference {

    public static final String QUALIFIER = "org.magpie.client.ui";
    public static final String KEY = "language";

    /** The choices, with their language tags. */
    public enum Language {
        SYSTEM(null), ENGLISH("en"), SIMPLIFIED_CHINESE("zh-CN");

        private final String tag;

        Language(String tag) {
            this.tag = tag;
        }

        /** The language tag stored in the preference; null for the system default. */
        public String tag() {
            return tag;
        }

        /** The locale to use when this is chosen and the system's is {@code system}. */
        public Locale locale(Locale system) {
            return tag == null ? system : Locale.forLanguageTag(tag);
        }

        static Language ofTag(String tag) {
            if (tag != null) {
                for (Language l : values()) {
                    if (tag.equals(l.tag)) {
                        return l;
                    }
                }
                if (tag.startsWith("zh")) {
                    return SIMPLIFIED_CHINESE;
                }
                if (tag.startsWith("en")) {
                    return ENGLISH;
                }
            }
            return SYSTEM;
        }
    }

    private final IEclipsePreferences node;

    public LanguagePreference(IEclipsePreferences node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    /** The preference in the instance scope (the user's workspace). */
    public static LanguagePreference atInstanceScope() {
        return new LanguagePreference(InstanceScope.INSTANCE.getNode(QUALIFIER));
    }

    public Language get() {
        return Language.ofTag(node.get(KEY, null));
    }

    /** Stores the choice (written to disk at once). */
    public void set(Language language) {
        if (language == null || language.tag() == null) {
            node.remove(KEY);
        } else {
            node.put(KEY, language.tag());
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("could not save the language preference", e);
        }
    }

    /**
     * Makes the stored language the JVM's: {@code Locale.setDefault} and {@code osgi.nl}, unless
     * it is the system default. Call once, early at start-up.
     *
     * @return the locale the user interface uses from now on
     */
    public Locale applyAtStartup() {
        Language language = get();
        if (language == Language.SYSTEM) {
            return Locale.getDefault();
        }
        Locale locale = language.locale(Locale.getDefault());
        Locale.setDefault(locale);
        System.setProperty("osgi.nl", locale.toString());
        return locale;
    }
}
