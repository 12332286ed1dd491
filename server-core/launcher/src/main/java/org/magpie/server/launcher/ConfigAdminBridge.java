package org.magpie.server.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Pushes settings into OSGi ConfigurationAdmin. The launcher lives on the application class path and
 * does not share {@code org.osgi.service.cm} with the bundles, so the service is found by class name
 * and called reflectively through the interfaces of the bundle that registered it.
 */
final class ConfigAdminBridge {

    static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";
    static final String CONFIGURATION = "org.osgi.service.cm.Configuration";
    /** "?" = multi-location: every bundle may receive the configuration */
    static final String ANY_LOCATION = "?";
    /** properties ConfigurationAdmin adds by itself */
    private static final Set<String> MANAGED_KEYS =
            Set.of("service.pid", "service.factoryPid", "service.bundleLocation");

    private final Object admin;
    private final Method getConfiguration;
    private final Method getProperties;
    private final Method update;

    private ConfigAdminBridge(Object admin, Class<?> adminType, Class<?> configType) throws NoSuchMethodException {
        this.admin = admin;
        this.getConfiguration = adminType.getMethod("getConfiguration", String.class, String.class);
        this.getProperties = configType.getMethod("getProperties");
        this.update = configType.getMethod("update", Dictionary.class);
    }

    /** Waits until a ConfigurationAdmin service is registered. */
    static ConfigAdminBridge await(BundleContext context, long timeoutSeconds) throws LauncherException {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(context, CONFIGURATION_ADMIN, null);
        tracker.open(true); // all services: the launcher cannot see the interface class
        try {
            Object service = tracker.waitForService(TimeUnit.SECONDS.toMillis(timeoutSeconds));
            ServiceReference<Object> ref = tracker.getServiceReference();
            if (service == null || ref == null) {
                throw new LauncherException("no OSGi ConfigurationAdmin service after " + timeoutSeconds
                        + " s: bundles/ must contain org.apache.felix.configadmin.jar and it must start");
            }
            // keep the service object: getService below holds the reference for the launcher's lifetime
            Object admin = context.getService(ref);
            Class<?> adminType = ref.getBundle().loadClass(CONFIGURATION_ADMIN);
            Class<?> configType = ref.getBundle().loadClass(CONFIGURATION);
            return new ConfigAdminBridge(admin, adminType, configType);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LauncherException("interrupted while waiting for ConfigurationAdmin", e);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new LauncherException("the ConfigurationAdmin service does not look like OSGi CM: " + e, e);
        } finally {
            tracker.close();
        }
    }

    /**
     * Creates or updates each configuration (location "?") whose properties differ from {@code wanted}.
     *
     * @return the PIDs that were created or changed
     */
    List<String> apply(Map<String, Map<String, String>> wanted) throws LauncherException {
        List<String> changed = new ArrayList<>();
        for (Map.Entry<String, Map<String, String>> e : wanted.entrySet()) {
            String pid = e.getKey();
            try {
                Object configuration = getConfiguration.invoke(admin, pid, ANY_LOCATION);
                Dictionary<?, ?> current = (Dictionary<?, ?>) getProperties.invoke(configuration);
                if (current != null && withoutManagedKeys(current).equals(e.getValue())) {
                    continue;
                }
                update.invoke(configuration, new Hashtable<String, Object>(e.getValue()));
                changed.add(pid);
            } catch (InvocationTargetException ex) {
                throw new LauncherException("cannot write configuration " + pid + ": " + ex.getCause(), ex.getCause());
            } catch (IllegalAccessException ex) {
                throw new LauncherException("cannot call ConfigurationAdmin: " + ex, ex);
            }
        }
        return changed;
    }

    /** The current properties of {@code pid}, or null when it has none (tests and diagnostics). */
    Map<String, Object> read(String pid) throws LauncherException {
        try {
            Object configuration = getConfiguration.invoke(admin, pid, ANY_LOCATION);
            Dictionary<?, ?> current = (Dictionary<?, ?>) getProperties.invoke(configuration);
            if (current == null) {
                return null;
            }
            Map<String, Object> result = new HashMap<>();
            for (Enumeration<?> keys = current.keys(); keys.hasMoreElements();) {
                Object k = keys.nextElement();
                result.put(k.toString(), current.get(k));
            }
            return Collections.unmodifiableMap(result);
        } catch (InvocationTargetException ex) {
            throw new LauncherException("cannot read configuration " + pid + ": " + ex.getCause(), ex.getCause());
        } catch (IllegalAccessException ex) {
            throw new LauncherException("cannot call ConfigurationAdmin: " + ex, ex);
        }
    }

    private static Map<String, Object> withoutManagedKeys(Dictionary<?, ?> d) {
        Map<String, Object> m = new HashMap<>();
        for (Enumeration<?> keys = d.keys(); keys.hasMoreElements();) {
            Object k = keys.nextElement();
            if (!MANAGED_KEYS.contains(k.toString())) {
                m.put(k.toString(), d.get(k));
            }
        }
        return m;
    }
}
