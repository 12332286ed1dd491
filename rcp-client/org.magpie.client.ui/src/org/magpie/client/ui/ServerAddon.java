package org.magpie.client.ui;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.menu.MMenuItem;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.model.NoticesPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServerAdministration;

/**
 * What the server itself brings to the main window (fragments/administration.e4xmi): shows File >
 * Server Administration… only to administrators (asked at every login), marks a sent message the
 * word filter masked or blocked in its chat, and shows announcements in a notice that does not
 * stop the chatting.
 */
public class ServerAddon implements NoticesPresenter.View {

    /** Application-context variable: whether the logged-in user is an administrator (Boolean). */
    public static final String ADMINISTRATOR = "org.magpie.client.administrator";

    @Inject
    MApplication application;

    @Inject
    EModelService models;

    @Inject
    IEventBroker broker;

    @Inject
    UISynchronize sync;

    @Inject
    Messages messages;

    private MessagingService service;
    private ServerAdministration admin;
    private NoticesPresenter notices;
    private int logins;
    private final MessagingListener listener = new MessagingListener() {
        @Override
        public void stateChanged(ConnectionState state) {
            checkAdministrator(state);
        }
    };

    @PostConstruct
    void start(IEclipseContext context, @Optional MessagingService messaging, @Optional ServerAdministration administration) {
        administrator(false);
        if (messaging == null) {
            return;
        }
        service = messaging;
        admin = administration;
        notices = new NoticesPresenter(service, new Texts(messages.locale()), sync::asyncExec, this);
        notices.start();
        service.addListener(listener);
        checkAdministrator(service.state());
    }

    @PreDestroy
    void stop() {
        if (service != null) {
            service.removeListener(listener);
            notices.stop();
        }
    }

    private void checkAdministrator(ConnectionState state) {
        int login;
        synchronized (this) {
            login = ++logins;
        }
        if (state != ConnectionState.ONLINE || admin == null) {
            sync.asyncExec(() -> administrator(false));
            return;
        }
        admin.isAdministrator().whenComplete((yes, failure) -> sync.asyncExec(() -> {
            synchronized (this) {
                if (login != logins) {
                    return; // the state changed again meanwhile
                }
            }
            administrator(failure == null && Boolean.TRUE.equals(yes));
        }));
    }

    /** Shows or hides the menu item (UI thread). */
    private void administrator(boolean yes) {
        application.getContext().set(ADMINISTRATOR, yes);
        for (MMenuItem item : administrationItems(models, application)) {
            item.setVisible(yes);
            item.setEnabled(yes);
        }
    }

    /** File > Server Administration… (menus are searched only when asked to). */
    public static java.util.List<MMenuItem> administrationItems(EModelService models, MApplication application) {
        return models.findElements(application, UiIds.MENUITEM_ADMINISTRATION, MMenuItem.class, null, EModelService.IN_MAIN_MENU);
    }

    // ------------------------------------------------------------------ NoticesPresenter.View (UI thread)

    @Override
    public void chatNotice(String conversation, String text) {
        broker.send(UiTopics.CHAT_NOTICE, new UiTopics.Notice(conversation, text));
    }

    @Override
    public void announcement(String title, String text) {
        Shell shell = MainWindow.shell(models, application);
        // modeless: the notice stays up while the user goes on chatting
        MessageDialog notice = new MessageDialog(shell, title, null, text, MessageDialog.INFORMATION, 0,
                messages.get("button.ok")) {
            {
                setShellStyle(SWT.DIALOG_TRIM | SWT.MODELESS | SWT.RESIZE);
                setBlockOnOpen(false);
            }

            @Override
            protected void configureShell(Shell s) {
                super.configureShell(s);
                s.setData(ServerAddon.class.getName(), Boolean.TRUE);
            }
        };
        notice.open();
    }
}
