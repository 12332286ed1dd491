package org.magpie.server.launcher;

import java.lang.reflect.Array;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceReference;

/**
 * Explains why a server is not working: bundles that are not ACTIVE and Declarative Services
 * components that are not satisfied or failed to activate. SCR's runtime API is read reflectively
 * (the launcher does not share its classes), so this is best effort and never throws.
 */
final class Diagnostics {

    static final String SCR_RUNTIME = "org.osgi.service.component.runtime.ServiceComponentRuntime";

    private Diagnostics() {
    }

    static List<String> of(BundleContext context) {
        List<String> problems = new ArrayList<>(bundles(context));
        problems.addAll(components(context));
        return problems;
    }

    /** "bsn (STATE)" for every bundle that should be ACTIVE but is not; fragments are fine RESOLVED */
    static List<String> bundles(BundleContext context) {
        List<String> result = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            boolean fragment = b.getHeaders("").get(Constants.FRAGMENT_HOST) != null;
            if (b.getBundleId() == 0 || b.getState() == Bundle.ACTIVE || (fragment && b.getState() == Bundle.RESOLVED)) {
                continue;
            }
            result.add("bundle " + b.getSymbolicName() + " [" + b.getBundleId() + "] is " + state(b.getState()));
        }
        return result;
    }

    static String state(int state) {
        return switch (state) {
            case Bundle.UNINSTALLED -> "UNINSTALLED";
            case Bundle.INSTALLED -> "INSTALLED (not resolved: a missing package or capability)";
            case Bundle.RESOLVED -> "RESOLVED (not started)";
            case Bundle.STARTING -> "STARTING";
            case Bundle.STOPPING -> "STOPPING";
            case Bundle.ACTIVE -> "ACTIVE";
            default -> "state " + state;
        };
    }

    /** DS components that are enabled but not working, with the reason SCR gives */
    static List<String> components(BundleContext context) {
        List<String> result = new ArrayList<>();
        visitComponents(context, result, (label, desc, configs) -> {
            if (configs.isEmpty()) {
                if ("require".equals(field(desc, "configurationPolicy"))) {
                    result.add(label + " waits for configuration "
                            + String.join(", ", (String[]) field(desc, "configurationPid")));
                }
                return;
            }
            for (Object cfg : configs) {
                int state = (Integer) field(cfg, "state");
                switch (state) {
                    case 1 -> result.add(label + " waits for its configuration");
                    case 2 -> result.add(label + " misses services: " + unsatisfied(cfg));
                    case 16 -> result.add(label + " failed to activate: " + field(cfg, "failure"));
                    default -> { /* satisfied or active */ }
                }
            }
        });
        return result;
    }

    /**
     * The components of the given bundles that are not up yet: missing a service or a configuration,
     * or immediate and still activating. (Failed ones are not waited for: they will not come.)
     */
    static List<String> comingUp(BundleContext context, Collection<String> symbolicNames) {
        List<String> result = new ArrayList<>();
        visitComponents(context, result, (label, desc, configs) -> {
            Object bundleDto = field(desc, "bundle");
            if (bundleDto == null || !symbolicNames.contains(String.valueOf(field(bundleDto, "symbolicName")))) {
                return;
            }
            boolean immediate = (Boolean) field(desc, "immediate");
            if (configs.isEmpty() && "require".equals(field(desc, "configurationPolicy"))) {
                result.add(label + " waits for configuration");
            }
            for (Object cfg : configs) {
                int state = (Integer) field(cfg, "state");
                if (state == 1 || state == 2 || (state == 4 && immediate)) {
                    result.add(label + (state == 2 ? " misses services: " + unsatisfied(cfg) : " is coming up"));
                }
            }
        });
        return result;
    }

    @FunctionalInterface
    private interface ComponentVisitor {
        void visit(String label, Object description, Collection<?> configurations) throws ReflectiveOperationException;
    }

    /** Calls the visitor for every enabled component; a failure to read SCR is reported in {@code problems}. */
    private static void visitComponents(BundleContext context, List<String> problems, ComponentVisitor visitor) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(SCR_RUNTIME, null);
            if (refs == null || refs.length == 0) {
                return;
            }
            ServiceReference<?> ref = refs[0];
            Object scr = context.getService(ref);
            if (scr == null) {
                return;
            }
            try {
                Class<?> api = ref.getBundle().loadClass(SCR_RUNTIME);
                Class<?> descType = ref.getBundle().loadClass(
                        "org.osgi.service.component.runtime.dto.ComponentDescriptionDTO");
                Method descriptions = api.getMethod("getComponentDescriptionDTOs", Bundle[].class);
                Method configurations = api.getMethod("getComponentConfigurationDTOs", descType);
                Method enabled = api.getMethod("isComponentEnabled", descType);
                for (Object desc : (Collection<?>) descriptions.invoke(scr, (Object) new Bundle[0])) {
                    if (!(Boolean) enabled.invoke(scr, desc)) {
                        continue;
                    }
                    Object bundleDto = field(desc, "bundle");
                    String owner = bundleDto == null ? "?" : String.valueOf(field(bundleDto, "symbolicName"));
                    visitor.visit("component " + field(desc, "name") + " (" + owner + ")", desc,
                            (Collection<?>) configurations.invoke(scr, desc));
                }
            } finally {
                context.ungetService(ref);
            }
        } catch (Exception e) {
            problems.add("(cannot read the Declarative Services runtime: " + e + ")");
        }
    }

    private static String unsatisfied(Object cfg) throws ReflectiveOperationException {
        Object refs = field(cfg, "unsatisfiedReferences");
        List<String> names = new ArrayList<>();
        for (int i = 0; refs != null && i < Array.getLength(refs); i++) {
            Object r = Array.get(refs, i);
            Object target = field(r, "target");
            names.add(field(r, "name") + (target == null ? "" : " " + target));
        }
        return String.join(", ", names);
    }

    private static Object field(Object dto, String name) throws ReflectiveOperationException {
        Field f = dto.getClass().getField(name);
        return f.get(dto);
    }
}
