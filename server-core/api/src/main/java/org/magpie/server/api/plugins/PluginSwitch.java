package org.magpie.server.api.plugins;

import java.util.Set;

/**
 * Switches plugins (bundles of the plugin folder, named by their symbolic name) on and off. The
 * choice is stored in the data folder, where the launcher reads it before the plugin folder is
 * scanned: a switched-off plugin is installed (and listed) but none of its components ever runs,
 * not even for a moment at server start.
 */
public interface PluginSwitch {

    /** Starts (on) or stops (off) the plugin now and remembers the choice for the next start. */
    void set(String symbolicName, boolean on) throws PluginSwitchException;

    /** The symbolic names of the plugins switched off. */
    Set<String> switchedOff();

    /** Why a plugin could not be switched: unknown, its start failed, or the choice could not be stored. */
    final class PluginSwitchException extends Exception {
        private static final long serialVersionUID = 1L;

        public PluginSwitchException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
