package org.magpie.client.ui;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.ui.login.LoginFlow;
import org.osgi.service.event.Event;

/**
 * The private chats (fragments/chats.e4xmi): puts the {@link MessengerPresenter} into the
 * application context for the parts, opens and marks chat tabs, posts messages and failures to the
 * chat parts ({@link UiTopics}), shows the unread total in the window title, and takes the user back
 * to the login when the server ends the session.
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

    @PostConstruct
    void start(IEclipseContext context, @Optional MessagingService service) {
        if (service == null) {
            return; // no messaging bundle: the window still opens, offline
        }
        presenter = new MessengerPresenter(service, new Texts(messages.locale()), sync::asyncExec, this);
        context.set(MessengerPresenter.class, presenter);
        presenter.start();
    }

    @PreDestroy
    void stop() {
        if (presenter != null) {
            presenter.stop();
        }
    }

    @Inject
    @Optional
    void partActivated(@EventTopic(UIEvents.UILifeCycle.ACTIVATE) Event event) {
        String conversation = MainWindow.activatedChat(event, UiIds.CHAT_CONVERSATION);
        if (presenter != null && conversation != null) {
            presenter.chatActivated(conversation);
        }
    }

    // ------------------------------------------------------------------ MessengerPresenter.View (UI thread)

    @Override
    public void status(ConnectionState state, String text) {
        // the status line follows the service itself
    }

    @Override
    public void showChat(String conversation, String title, List<ChatMessage> history, boolean toFront) {
        // the part loads the history from the presenter when it is created
        ChatParts.show(MainWindow.parts(models, application), models, application, conversation, title, toFront);
    }

    @Override
    public void append(ChatMessage message) {
        broker.send(UiTopics.CHAT_MESSAGE, message);
    }

    @Override
    public void unread(String conversation, int count, int total) {
        MainWindow.unread(ChatParts.find(models, application, conversation), count);
        InboxPresenter inbox = application.getContext().get(InboxPresenter.class);
        MainWindow.title(models, application, messages, inbox != null ? inbox.total() : total);
    }

    @Override
    public void sendFailed(String conversation, String text) {
        broker.send(UiTopics.CHAT_NOTICE, new UiTopics.Notice(conversation, text));
    }

    @Override
    public void sessionEnded(String text, SessionEnd reason) {
        if (reason == SessionEnd.LOGGED_OUT) {
            return; // File > Log out shows the login itself
        }
        IEclipseContext context = application.getContext();
        Shell shell = context.getActiveLeaf().get(Shell.class);
        ChatParts.closeAll(MainWindow.parts(models, application), models, application);
        MessageDialog.openWarning(shell, messages.get("ended.title"), text);
        LoginFlow flow = context.get(LoginFlow.class);
        if (flow != null && !flow.logIn(shell)) {
            context.get(IWorkbench.class).close();
        }
    }
}
