package org.magpie.client.ui.lifecycle;

import java.util.Locale;

import org.eclipse.core.runtime.ILog;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.core.services.translation.TranslationService;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.lifecycle.PostContextCreate;
import org.eclipse.e4.ui.workbench.lifecycle.ProcessRemovals;
import org.eclipse.swt.SWTException;
import org.eclipse.swt.widgets.Display;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.login.LoginFlows;
import org.magpie.client.ui.preferences.LanguagePreference;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * Start-up of the Magpie window (product property {@code lifeCycleURI}):
 * <ol>
 * <li>applies the language preference (before anything is translated) and puts {@link Messages}
 * for that language into the application context;</li>
 * <li>runs the {@link LoginFlow} when one is installed (the hook for the login dialog); when the
 * user gives up there, Magpie ends without showing its window.</li>
 * </ol>
 */
public class LifeCycle {

    private static final ILog LOG = ILog.of(LifeCycle.class);

    private boolean quit;

    @PostContextCreate
    void postContextCreate(IEclipseContext context) {
        Locale locale = LanguagePreference.atInstanceScope().applyAtStartup();
        context.set(TranslationService.LOCALE, locale);
        context.set(Messages.class, new Messages(locale));

        LoginFlow flow = LoginFlows.find(context);
        if (flow == null) {
            LOG.info("Magpie: no LoginFlow installed; opening the window without logging in");
            return;
        }
        context.set(LoginFlow.class, flow); // the same one again after "Log out"
        quit = !flow.logIn(null);
    }

    @ProcessRemovals
    void processRemovals(MApplication application, IEventBroker broker) {
        if (!quit) {
            return;
        }
        // the user cancelled the login: show no window, and end as soon as the workbench runs
        for (MWindow window : application.getChildren()) {
            window.setToBeRendered(false);
        }
        Display display = Display.getCurrent();
        // headless: called on the event thread, which may come after the display has gone
        broker.subscribe(UIEvents.UILifeCycle.APP_STARTUP_COMPLETE, null, new EventHandler() {
            @Override
            public void handleEvent(Event event) {
                broker.unsubscribe(this);
                if (display == null || display.isDisposed()) {
                    return;
                }
                try {
                    display.asyncExec(() -> {
                        IWorkbench workbench = application.getContext().get(IWorkbench.class);
                        if (workbench != null) {
                            workbench.close();
                        }
                    });
                } catch (SWTException e) {
                    // the workbench ended by itself meanwhile
                }
            }
        }, true);
    }
}
