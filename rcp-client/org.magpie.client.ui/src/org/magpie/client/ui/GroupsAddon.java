package org.magpie.client.ui;

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
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.ui.parts.GroupChatPart;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventHandler;

/**
 * Connects the main window to the {@link GroupsPresenter}: puts it into the application context
 * for the parts (contacts view, group chats), opens, marks and closes group chat tabs.
 * Registered as an add-on in Application.e4xmi.
 */
public class GroupsAddon implements GroupsPresenter.View {

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

    private GroupsPresenter presenter;
    private final EventHandler activation = this::partActivated;

    @PostConstruct
    void start(IEclipseContext context, @Optional GroupService service) {
        if (service == null) {
            return; // no messaging bundle: the window opens without groups
        }
        presenter = new GroupsPresenter(service, new Texts(messages.locale()), sync::asyncExec, this);
        context.set(GroupsPresenter.class, presenter);
        broker.subscribe(UIEvents.UILifeCycle.ACTIVATE, activation);
        presenter.start();
    }

    @PreDestroy
    void stop() {
        broker.unsubscribe(activation);
        if (presenter != null) {
            presenter.stop();
        }
    }

    private void partActivated(Event event) {
        if (event.getProperty(UIEvents.EventTags.ELEMENT) instanceof MPart part && presenter != null) {
            String group = part.getPersistedState().get(GroupChatParts.GROUP);
            if (group != null) {
                presenter.activated(group);
            }
        }
    }

    /** The main window's part service (the application's needs an active window, see MessengerAddon). */
    private EPartService parts() {
        MWindow window = (MWindow) models.find(UiIds.WINDOW_MAIN, application);
        if (window != null && window.getContext() != null) {
            return window.getContext().get(EPartService.class);
        }
        return application.getContext().get(EPartService.class);
    }

    private GroupChatPart chat(String group) {
        MPart part = GroupChatParts.find(models, application, group);
        return part != null && part.getObject() instanceof GroupChatPart chat ? chat : null;
    }

    // ------------------------------------------------------------------ GroupsPresenter.View (UI thread)

    @Override
    public void showGroupChat(Group group, boolean toFront) {
        GroupChatParts.show(parts(), models, application, group, toFront);
    }

    @Override
    public void append(GroupMessage message) {
        GroupChatPart chat = chat(message.group());
        if (chat != null) {
            chat.append(message);
        }
    }

    @Override
    public void unread(String group, int count) {
        MPart part = GroupChatParts.find(models, application, group);
        if (part != null) {
            String title = (String) part.getTransientData().getOrDefault(UiIds.CHAT_TITLE, part.getLabel());
            part.setLabel(count > 0 ? title + " (" + count + ")" : title);
        }
    }

    @Override
    public void closeGroupChat(String group) {
        MPart part = GroupChatParts.find(models, application, group);
        if (part != null) {
            parts().hidePart(part, true);
        }
    }

    @Override
    public void sendFailed(String group, String text) {
        GroupChatPart chat = chat(group);
        if (chat != null) {
            chat.failure(text);
        }
    }
}
