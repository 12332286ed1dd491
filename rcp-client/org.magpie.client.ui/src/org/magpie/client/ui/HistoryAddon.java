package org.magpie.client.ui;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.HistoryPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingService;
import org.osgi.service.event.Event;

/**
 * The server's history (fragments/history.e4xmi): puts the {@link InboxPresenter} (badges,
 * previews, the window title's unread total from the login on) and the {@link HistoryPresenter}
 * (history pages) into the application context, marks a chat read when its tab is activated and
 * keeps the preview of a chat on what the user wrote last.
 */
public class HistoryAddon {

    @Inject
    MApplication application;

    @Inject
    EModelService models;

    @Inject
    UISynchronize sync;

    @Inject
    Messages messages;

    private InboxPresenter inbox;
    private HistoryPresenter history;

    @PostConstruct
    void start(IEclipseContext context, @Optional MessagingService service, @Optional HistoryService histories,
            @Optional GroupService groups) {
        if (service == null || histories == null) {
            return; // no history: chats show this session's messages only
        }
        Texts texts = new Texts(messages.locale());
        inbox = new InboxPresenter(histories, service, groups, texts, sync::asyncExec);
        history = new HistoryPresenter(histories, service, texts, sync::asyncExec);
        context.set(InboxPresenter.class, inbox);
        context.set(HistoryPresenter.class, history);
        inbox.start();
        history.start();
        inbox.addView(total -> MainWindow.title(models, application, messages, total));
    }

    @PreDestroy
    void stop() {
        if (inbox != null) {
            inbox.stop();
            history.stop();
        }
    }

    @Inject
    @Optional
    void partActivated(@EventTopic(UIEvents.UILifeCycle.ACTIVATE) Event event) {
        String conversation = MainWindow.activatedChat(event, UiIds.CHAT_CONVERSATION);
        String chat = conversation != null ? conversation : MainWindow.activatedChat(event, GroupChatParts.GROUP);
        if (inbox != null && chat != null) {
            inbox.activated(chat); // read: badge gone, server told
        }
    }

    @Inject
    @Optional
    void message(@EventTopic(UiTopics.CHAT_MESSAGE) ChatMessage message) {
        if (inbox == null || !message.own()) {
            return;
        }
        // the preview follows what the user wrote (or sent: a file's link is [File] / [Image])
        FilesPresenter files = application.getContext().get(FilesPresenter.class);
        if (files != null) {
            inbox.sent(message, files.kind(message.text()));
        } else {
            inbox.sent(message);
        }
    }
}
