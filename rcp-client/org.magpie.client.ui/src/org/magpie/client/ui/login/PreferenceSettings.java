package org.magpie.client.ui.login;

import org.eclipse.core.runtime.ILog;
import org.osgi.service.prefs.BackingStoreException;
import org.osgi.service.prefs.Preferences;

import org.magpie.client.model.Settings;

/** Remembered, non-secret settings in the workspace's instance preferences. */
public final class PreferenceSettings implements Settings {

    private final Preferences node;

    public PreferenceSettings(Preferences node) {
        this.node = node;
    }

    @Override
    public String get(String key, String fallback) {
        return node.get(key, fallback);
    }

    @Override
    public void put(String key, String value) {
        node.put(key, value);
        try {
            node.flush();
        } catch (BackingStoreException e) {
            ILog.of(PreferenceSettings.class).warn("cannot save the setting " + key, e);
        }
    }
}
