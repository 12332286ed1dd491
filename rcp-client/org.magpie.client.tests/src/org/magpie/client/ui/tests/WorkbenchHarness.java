package org.magpie.client.ui.tests;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.ui.UiIds;
import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Runs the real Magpie workbench (Application.e4xmi, the lifecycle, the renderers) on the calling
 * thread, as the product does through E4Application, with the branding of
 * org.magpie.client.ui/plugin.xml. {@link #run} returns when the workbench has closed; a probe
 * gets the main window once it is shown (on the UI thread) and closes the workbench when done.
 */
public final class WorkbenchHarness {

    /** What the probe sees; it must call {@code workbench.close()} (or the time-out will). */
    public record Running(Shell shell, MWindow window, IEclipseContext context, IWorkbench workbench) {
    }

    private final List<Throwable> problems = new ArrayList<>();
    private boolean timedOut;
    private boolean probed;

    /** Failures inside the probe (the event loop would swallow them). */
    public List<Throwable> problems() {
        return problems;
    }

    public boolean timedOut() {
        return timedOut;
    }

    boolean probed() {
        return probed;
    }

    /**
     * Starts the workbench and returns its exit object after it closed.
     *
     * @param probe      runs once when the main window is visible
     * @param timeoutMs  after this, every shell is closed and {@link #timedOut()} says so
     */
    public Object run(Consumer<Running> probe, long timeoutMs) throws Exception {
        Display display = Display.getDefault();
        long deadline = System.currentTimeMillis() + timeoutMs;
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            if (display.isDisposed()) {
                return;
            }
            Running running = find(display);
            if (running != null && !probed) {
                probed = true;
                try {
                    probe.accept(running);
                } catch (Throwable t) {
                    problems.add(t);
                    running.workbench().close();
                }
                return;
            }
            if (System.currentTimeMillis() > deadline) {
                timedOut = true;
                IWorkbench workbench = running == null ? null : running.workbench();
                if (workbench != null) {
                    workbench.close();
                } else {
                    for (Shell s : display.getShells()) {
                        s.dispose();
                    }
                }
                return;
            }
            display.timerExec(100, poll[0]);
        };
        display.timerExec(100, poll[0]);
        return new E4Application().start(new BrandingContext());
    }

    private static Running find(Display display) {
        for (Shell shell : display.getShells()) {
            // the SWT renderers keep the model element in the widget's data
            Object element = shell.getData("modelElement");
            if (element instanceof MWindow window && UiIds.WINDOW_MAIN.equals(window.getElementId())
                    && shell.isVisible()) {
                IEclipseContext context = window.getContext();
                return new Running(shell, window, context, context.get(IWorkbench.class));
            }
        }
        return null;
    }

    /** The product's branding (plugin.xml) without needing a running product. */
    private static final class BrandingContext implements IApplicationContext {

        private final Bundle ui = FrameworkUtil.getBundle(UiIds.class);
        private final Map<String, String> branding = new HashMap<>();

        BrandingContext() {
            branding.put("appName", "Magpie");
            branding.put("applicationXMI", "org.magpie.client.ui/Application.e4xmi");
            branding.put("lifeCycleURI",
                    "bundleclass://org.magpie.client.ui/org.magpie.client.ui.lifecycle.LifeCycle");
            branding.put("clearPersistedState", "true");
            branding.put("persistState", "false");
        }

        @Override
        public Map<String, Object> getArguments() {
            Map<String, Object> args = new HashMap<>();
            args.put(IApplicationContext.APPLICATION_ARGS, new String[0]);
            return args;
        }

        @Override
        public void applicationRunning() {
        }

        @Override
        public String getBrandingApplication() {
            return "org.eclipse.e4.ui.workbench.swt.E4Application";
        }

        @Override
        public String getBrandingName() {
            return "Magpie";
        }

        @Override
        public String getBrandingDescription() {
            return null;
        }

        @Override
        public String getBrandingId() {
            return "org.magpie.client.ui.product";
        }

        @Override
        public String getBrandingProperty(String key) {
            return branding.get(key);
        }

        @Override
        public Bundle getBrandingBundle() {
            return ui;
        }

        @Override
        public void setResult(Object result, org.eclipse.equinox.app.IApplication application) {
        }
    }
}
