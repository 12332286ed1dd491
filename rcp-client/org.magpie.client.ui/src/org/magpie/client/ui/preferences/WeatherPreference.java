package org.magpie.client.ui.preferences;

import java.util.Objects;
import java.util.function.Consumer;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.IEclipsePreferences.IPreferenceChangeListener;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

/**
 * The city of the weather line: the instance-scope preference {@value LanguagePreference#QUALIFIER}/{@value #KEY}
 * (absent or empty: no weather line). Changes apply at once: the weather line listens.
 */
public final class WeatherPreference {

    public static final String KEY = "weather.city";

    private final IEclipsePreferences node;

    public WeatherPreference(IEclipsePreferences node) {
        this.node = Objects.requireNonNull(node, "node");
    }

    public static WeatherPreference atInstanceScope() {
        return new WeatherPreference(InstanceScope.INSTANCE.getNode(LanguagePreference.QUALIFIER));
    }

    /** The city, or an empty string. */
    public String city() {
        return node.get(KEY, "").strip();
    }

    /** Stores the city (blank removes it), written to disk at once. */
    public void setCity(String city) {
        if (city == null || city.isBlank()) {
            node.remove(KEY);
        } else {
            node.put(KEY, city.strip());
        }
        try {
            node.flush();
        } catch (BackingStoreException e) {
            throw new IllegalStateException("could not save the weather city", e);
        }
    }

    /** Calls {@code listener} with the new city whenever it changes; returns what removes the listener. */
    public Runnable listen(Consumer<String> listener) {
        IPreferenceChangeListener l = event -> {
            if (KEY.equals(event.getKey())) {
                listener.accept(city());
            }
        };
        node.addPreferenceChangeListener(l);
        return () -> node.removePreferenceChangeListener(l);
    }
}
