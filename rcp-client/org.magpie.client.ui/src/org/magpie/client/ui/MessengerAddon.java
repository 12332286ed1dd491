package org.magpie.client.ui;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.HistoryPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FileTransfers;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.ui.files.TransferJobs;
import org.magpie.client.ui.login.LoginFlow;
import org.magpie.client.ui.login.PreferenceSettings;
import org.magpie.client.ui.parts.ChatPart;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * Connects the main window to the {@link MessengerPresenter}: puts the presenter into the
 * application context for the parts, opens and marks chat tabs, shows the unread total in the
 * window title, and takes the user back to the login when the server ends the session. With a
 * {@link HistoryService} it also puts the {@link InboxPresenter} (badges, previews, the title's
 * total from the inbox at login on) and the {@link HistoryPresenter} (history pages) there, and
 * with {@link FileTransfers} the {@link FilesPresenter} (images and files in the chats), whose
 * transfers run as Eclipse Jobs ({@link TransferJobs}).
 * Registered as an add-on in Application.e4xmi.
 */
public class MessengerAddon implements MessengerPresenter.View {

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

    private MessengerPresenter presenter;
    private InboxPresenter inbox;
    private HistoryPresenter history;
    private FilesPresenter files;
    private final EventHandler activation = this::partActivated;

    @PostConstruct
    void start(IEclipseContext context, @Optional MessagingService service, @Optional HistoryService histories,
            @Optional GroupService groups, @Optional FileTransfers transfers) {
        if (service == null) {
            return; // no messaging bundle: the window still opens, offline
        }
        presenter = new MessengerPresenter(service, new Texts(messages.locale()), sync::asyncExec, this);
        context.set(MessengerPresenter.class, presenter);
        if (histories != null) {
            Texts texts = new Texts(messages.locale());
            inbox = new InboxPresenter(histories, service, groups, texts, sync::asyncExec);
            history = new HistoryPresenter(histories, service, texts, sync::asyncExec);
            context.set(InboxPresenter.class, inbox);
            context.set(HistoryPresenter.class, history);
            inbox.start();
            history.start();
            inbox.addView(this::title);
        }
        if (transfers != null) {
            files = new FilesPresenter(transfers, service, groups, histories,
                    new PreferenceSettings(InstanceScope.INSTANCE.getNode("org.magpie.client.ui")),
                    new Texts(messages.locale()), sync::asyncExec, presenter::sentElsewhere);
            files.addView(new TransferJobs(files.progress()));
            context.set(FilesPresenter.class, files);
            files.start();
        }
        broker.subscribe(UIEvents.UILifeCycle.ACTIVATE, activation);
        presenter.start();
    }

    @PreDestroy
    void stop() {
        broker.unsubscribe(activation);
        if (presenter != null) {
            presenter.stop();
        }
        if (inbox != null) {
            inbox.stop();
            history.stop();
        }
        if (files != null) {
            files.stop();
        }
    }

    private void partActivated(Event event) {
        if (event.getProperty(UIEvents.EventTags.ELEMENT) instanceof MPart part) {
            String conversation = part.getPersistedState().get(UiIds.CHAT_CONVERSATION);
            if (conversation != null && presenter != null) {
                presenter.chatActivated(conversation);
            }
            String group = part.getPersistedState().get(GroupChatParts.GROUP);
            if (inbox != null && (conversation != null || group != null)) {
                inbox.activated(conversation != null ? conversation : group); // read: badge gone, server told
            }
        }
    }

    /**
     * The main window's part service. The application's one works through the active window, and
     * there is none for a moment after a dialog closed (e.g. the add-friend dialog, then a double-click).
     */
    private EPartService parts() {
        MWindow window = (MWindow) models.find(UiIds.WINDOW_MAIN, application);
        if (window != null && window.getContext() != null) {
            return window.getContext().get(EPartService.class);
        }
        return application.getContext().get(EPartService.class);
    }

    // ------------------------------------------------------------------ MessengerPresenter.View (UI thread)

    @Override
    public void status(ConnectionState state, String text) {
        // the status line follows the service itself
    }

    @Override
    public void showChat(String conversation, String title, List<ChatMessage> history, boolean toFront) {
        // the part loads the history from the presenter when it is created
        ChatParts.show(parts(), models, application, conversation, title, toFront);
    }

    @Override
    public void append(ChatMessage message) {
        MPart part = ChatParts.find(models, application, message.conversation());
        if (part != null && part.getObject() instanceof ChatPart chat) {
            chat.append(message);
        }
        if (inbox != null && message.own()) {
            // the preview follows what the user wrote (or sent: a file's link is [File] / [Image])
            if (files != null) {
                inbox.sent(message, files.kind(message.text()));
            } else {
                inbox.sent(message);
            }
        }
    }

    @Override
    public void unread(String conversation, int count, int total) {
        MPart part = ChatParts.find(models, application, conversation);
        if (part != null) {
            String title = (String) part.getTransientData().getOrDefault(UiIds.CHAT_TITLE, part.getLabel());
            part.setLabel(count > 0 ? title + " (" + count + ")" : title);
        }
        title(inbox != null ? inbox.total() : total);
    }

    /** The window title with the total unread count (the inbox's when there is one). */
    private void title(int total) {
        MWindow window = (MWindow) models.find(UiIds.WINDOW_MAIN, application);
        if (window != null) {
            window.setLabel(total > 0 ? messages.get("window.title.unread", total) : messages.get("window.title"));
        }
    }

    @Override
    public void sendFailed(String conversation, String text) {
        MPart part = ChatParts.find(models, application, conversation);
        if (part != null && part.getObject() instanceof ChatPart chat) {
            chat.notice(text);
        }
    }

    @Override
    public void sessionEnded(String text, SessionEnd reason) {
        if (reason == SessionEnd.LOGGED_OUT) {
            return; // File > Log out shows the login itself
        }
        IEclipseContext context = application.getContext();
        Shell shell = context.getActiveLeaf().get(Shell.class);
        ChatParts.closeAll(parts(), models, application);
        MessageDialog.openWarning(shell, messages.get("ended.title"), text);
        LoginFlow flow = context.get(LoginFlow.class);
        if (flow != null && !flow.logIn(shell)) {
            context.get(IWorkbench.class).close();
        }
    }
}
