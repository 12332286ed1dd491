package org.magpie.client.ui;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.core.services.events.IEventBroker;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.osgi.service.event.Event;

/**
 * The groups (fragments/groups.e4xmi): puts the {@link GroupsPresenter} into the application
 * context for the parts (contacts view, group chats), opens, marks and closes group chat tabs and
 * posts the groups' messages and failures to the group chat parts ({@link UiTopics}).
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

    @PostConstruct
    void start(IEclipseContext context, @Optional GroupService service) {
        if (service == null) {
            return; // no messaging bundle: the window opens without groups
        }
        presenter = new GroupsPresenter(service, new Texts(messages.locale()), sync::asyncExec, this);
        context.set(GroupsPresenter.class, presenter);
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
        String group = MainWindow.activatedChat(event, GroupChatParts.GROUP);
        if (presenter != null && group != null) {
            presenter.activated(group);
        }
    }

    // ------------------------------------------------------------------ GroupsPresenter.View (UI thread)

    @Override
    public void showGroupChat(Group group, boolean toFront) {
        GroupChatParts.show(MainWindow.parts(models, application), models, application, group, toFront);
    }

    @Override
    public void append(GroupMessage message) {
        broker.send(UiTopics.GROUP_MESSAGE, message);
    }

    @Override
    public void unread(String group, int count) {
        MainWindow.unread(GroupChatParts.find(models, application, group), count);
    }

    @Override
    public void closeGroupChat(String group) {
        MPart part = GroupChatParts.find(models, application, group);
        if (part != null) {
            MainWindow.parts(models, application).hidePart(part, true);
        }
    }

    @Override
    public void sendFailed(String group, String text) {
        broker.send(UiTopics.GROUP_NOTICE, new UiTopics.Notice(group, text));
    }
}
