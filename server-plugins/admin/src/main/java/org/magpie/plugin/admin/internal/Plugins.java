package org.magpie.plugin.admin.internal;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;

/**
 * The server's feature plugins: the bundles named {@code org.magpie.plugin.*}. Switching one off
 * ({@link PluginStates}) stops its bundle, and it is not started again at the next server start; its
 * services go and the core answers their requests {@code service-unavailable}, while every session
 * stays up.
 */
final class Plugins {

    static final String PREFIX = "org.magpie.plugin.";
    /** Switching these off would take the switch away with them. */
    static final Set<String> ALWAYS_ON = Set.of(PREFIX + "admin", PREFIX + "commands");

    private final BundleContext context;

    Plugins(BundleContext context) {
        this.context = context;
    }

    List<Bundle> all() {
        return Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(PREFIX))
                .sorted(Comparator.comparing(Bundle::getSymbolicName)).toList();
    }

    Optional<Bundle> find(String name) {
        String full = name.startsWith(PREFIX) ? name : PREFIX + name;
        return all().stream().filter(b -> b.getSymbolicName().equals(full)).findFirst();
    }

    static String shortName(Bundle b) {
        return b.getSymbolicName().substring(PREFIX.length());
    }

    static boolean enabled(Bundle b) {
        return b.getState() == Bundle.ACTIVE || b.getState() == Bundle.STARTING;
    }
}
