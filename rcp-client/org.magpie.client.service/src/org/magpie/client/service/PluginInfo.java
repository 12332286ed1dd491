package org.magpie.client.service;

import java.util.Objects;

/**
 * One server plugin as the administration shows it.
 *
 * @param name       the short name the server knows it by, e.g. {@code weather}
 * @param version    its version, e.g. {@code 0.1.0}, or an empty string when unknown
 * @param enabled    whether it runs now
 * @param switchable whether it may be switched off from the administration commands (the plugins
 *                   that run those commands may not)
 * @since 1.3
 */
public record PluginInfo(String name, String version, boolean enabled, boolean switchable) {

    public PluginInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
    }
}
