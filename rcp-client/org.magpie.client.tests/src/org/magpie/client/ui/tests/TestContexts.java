package org.magpie.client.ui.tests;

import java.util.Locale;

import org.eclipse.e4.core.contexts.EclipseContextFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.custom.BusyIndicator;
import org.eclipse.swt.widgets.Display;
import org.magpie.client.ui.Messages;
import org.osgi.framework.FrameworkUtil;

/** e4 contexts for creating parts outside a running workbench. */
final class TestContexts {

    private TestContexts() {
    }

    /** A context backed by the OSGi service registry, with {@link Messages} and a {@link UISynchronize}. */
    static IEclipseContext create(Display display, Locale locale) {
        IEclipseContext osgi = EclipseContextFactory
                .getServiceContext(FrameworkUtil.getBundle(TestContexts.class).getBundleContext());
        IEclipseContext context = osgi.createChild("magpie-test");
        context.set(Messages.class, new Messages(locale));
        context.set(Display.class, display);
        context.set(UISynchronize.class, new UISynchronize() {
            @Override
            public void syncExec(Runnable runnable) {
                display.syncExec(runnable);
            }

            @Override
            public void asyncExec(Runnable runnable) {
                display.asyncExec(runnable);
            }

            @Override
            protected boolean isUIThread(Thread thread) {
                return display.getThread() == thread;
            }

            @Override
            protected void showBusyWhile(Runnable runnable) {
                BusyIndicator.showWhile(display, runnable);
            }

            @Override
            protected boolean dispatchEvents() {
                return display.readAndDispatch();
            }
        });
        return context;
    }
}
