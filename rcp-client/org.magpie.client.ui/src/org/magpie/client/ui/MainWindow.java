package org.magpie.client.ui;

import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.widgets.Shell;
import org.osgi.service.event.Event;

/** What the add-ons do to the main window ({@value UiIds#WINDOW_MAIN}); call it on the UI thread. */
public final class MainWindow {

    private MainWindow() {
    }

    /**
     * The main window's part service. The application's one works through the active window, and
     * there is none for a moment after a dialog closed (e.g. the add-friend dialog, then a double-click).
     */
    public static EPartService parts(EModelService models, MApplication application) {
        MWindow window = window(models, application);
        if (window != null && window.getContext() != null) {
            return window.getContext().get(EPartService.class);
        }
        return application.getContext().get(EPartService.class);
    }

    /** The main window's shell, or null before it is shown. */
    public static Shell shell(EModelService models, MApplication application) {
        MWindow window = window(models, application);
        return window != null && window.getWidget() instanceof Shell shell ? shell : null;
    }

    /** The window title with the total unread count. */
    public static void title(EModelService models, MApplication application, Messages messages, int unread) {
        MWindow window = window(models, application);
        if (window != null) {
            window.setLabel(unread > 0 ? messages.get("window.title.unread", unread) : messages.get("window.title"));
        }
    }

    /** A chat tab's label: its title, with the unread count when there is one. */
    public static void unread(MPart part, int count) {
        if (part != null) {
            String title = (String) part.getTransientData().getOrDefault(UiIds.CHAT_TITLE, part.getLabel());
            part.setLabel(count > 0 ? title + " (" + count + ")" : title);
        }
    }

    /**
     * The chat an activation event is about: the {@code key} entry of the activated part's persisted
     * state ({@link UiIds#CHAT_CONVERSATION}, {@link GroupChatParts#GROUP}), or null for another part.
     */
    public static String activatedChat(Event activation, String key) {
        return activation.getProperty(UIEvents.EventTags.ELEMENT) instanceof MPart part
                ? part.getPersistedState().get(key) : null;
    }

    private static MWindow window(EModelService models, MApplication application) {
        return (MWindow) models.find(UiIds.WINDOW_MAIN, application);
    }
}
