package org.magpie.client.ui.parts;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import java.util.List;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AddFriendPresenter;
import org.magpie.client.model.ContactsPresenter;
import org.magpie.client.model.FriendRequestsPresenter;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.Contact;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.friends.AddFriendDialog;
import org.magpie.client.ui.friends.FriendRequestBar;
import org.magpie.client.ui.groups.GroupsList;

/**
 * The contacts (part {@code org.magpie.client.ui.part.contacts}): incoming friend requests on top
 * ({@link FriendRequestBar}), a filter box and "Add friend", the friends ({@link FriendsList}),
 * updated live, and the groups under them ({@link GroupsList}). With the inbox, friends and groups
 * go by latest activity ({@link InboxPresenter}). The logic is in {@link ContactsPresenter},
 * {@link FriendRequestsPresenter} and {@link AddFriendPresenter}.
 */
public class ContactsPart implements ContactsPresenter.View, FriendsList.Actions {

    @Inject
    @Optional
    MessengerPresenter messenger;

    @Inject
    @Optional
    MessagingService service;

    @Inject
    UISynchronize sync;

    @Inject
    @Optional
    GroupsPresenter groupsPresenter;

    @Inject
    @Optional
    GroupService groupService;

    @Inject
    @Optional
    InboxPresenter inbox;

    private final InboxPresenter.View inboxView = this::inboxChanged;

    private Messages messages;
    private ContactsPresenter presenter;
    private FriendRequestsPresenter requests;
    private FriendRequestBar requestBar;
    private Text filter;
    private Button addFriend;
    private FriendsList friends;
    private GroupsList groups;

    @PostConstruct
    public void createControls(Composite parent, Messages messages) {
        this.messages = messages;
        GridLayoutFactory.fillDefaults().margins(4, 4).spacing(4, 6).applyTo(parent);

        requestBar = new FriendRequestBar(parent, messages);

        Composite tools = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).spacing(4, 0).applyTo(tools);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(tools);
        filter = new Text(tools, SWT.SEARCH | SWT.ICON_SEARCH | SWT.ICON_CANCEL | SWT.BORDER);
        filter.setMessage(messages.get("contacts.filter"));
        filter.setToolTipText(messages.get("contacts.filter.tip"));
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(filter);
        filter.addListener(SWT.Modify, e -> {
            if (presenter != null) {
                presenter.filter(filter.getText());
            }
        });
        addFriend = new Button(tools, SWT.PUSH);
        addFriend.setText(messages.get("contacts.add"));
        addFriend.setToolTipText(messages.get("contacts.add.tip"));
        addFriend.addListener(SWT.Selection, e -> openAddFriend());

        friends = new FriendsList(parent, messages, inbox, this);
        groups = new GroupsList(parent, messages, groupsPresenter, groupService, sync); // the groups under the friends

        boolean connected = service != null;
        addFriend.setEnabled(connected);
        filter.setEnabled(connected);
        if (connected) {
            Texts texts = new Texts(messages.locale());
            requests = new FriendRequestsPresenter(service, texts, sync::asyncExec, requestBar);
            requestBar.presenter(requests);
            presenter = new ContactsPresenter(service, texts, sync::asyncExec, this);
            friends.details(presenter::detail);
            requests.start();
            presenter.start();
            if (inbox != null) {
                inbox.addView(inboxView);
            }
        }
        if (inbox != null) {
            groups.inbox(inbox);
        }
    }

    /** Counts or activity changed: sort (latest activity first) and show again. */
    private void inboxChanged(int total) {
        if (presenter != null && !friends.viewer().getControl().isDisposed()) {
            presenter.order(inbox.byActivity(Contact::account, ContactsPresenter.order()));
        }
    }

    /** Opens (or brings to front) the chat tab with a contact. */
    @Override
    public void chat(Contact contact) {
        if (contact != null && messenger != null) {
            messenger.openChat(contact.account(), contact.nickname());
        }
    }

    /** Asks, then removes the friend. */
    @Override
    public void remove(Contact contact) {
        if (contact == null || presenter == null) {
            return;
        }
        if (MessageDialog.openQuestion(filter.getShell(), messages.get("contacts.remove.title"),
                presenter.removeQuestion(contact))) {
            presenter.remove(contact);
        }
    }

    @Override
    public boolean canChat() {
        return messenger != null;
    }

    @Override
    public boolean canRemove() {
        return presenter != null;
    }

    /** Opens the add-friend dialog (modal; the list goes on updating behind it). */
    public void openAddFriend() {
        if (service == null) {
            return;
        }
        Texts texts = new Texts(messages.locale());
        new AddFriendDialog(filter.getShell(), messages,
                view -> new AddFriendPresenter(service, texts, sync::asyncExec, view)).open();
    }

    // ------------------------------------------------------------------ ContactsPresenter.View (UI thread)

    @Override
    public void show(List<Contact> contacts) {
        if (!filter.isDisposed()) {
            friends.show(contacts, filter.getText().strip());
        }
    }

    @Override
    public void error(String text) {
        MessageDialog.openError(filter.getShell(), messages.get("contacts.error.title"), text);
    }

    /** Blue for online, grey for offline. */
    public Color colour(Contact contact) {
        return friends.colour(contact);
    }

    @PreDestroy
    void dispose() {
        if (inbox != null) {
            inbox.removeView(inboxView);
        }
        if (presenter != null) {
            presenter.stop();
        }
        if (requests != null) {
            requests.stop();
        }
    }

    // ------------------------------------------------------------------ for tests

    public TableViewer viewer() {
        return friends.viewer();
    }

    public Label placeholder() {
        return friends.placeholder();
    }

    public Text filterField() {
        return filter;
    }

    public Button addFriendButton() {
        return addFriend;
    }

    public FriendRequestBar requestBar() {
        return requestBar;
    }

    public ContactsPresenter presenter() {
        return presenter;
    }

    public GroupsList groups() {
        return groups;
    }

    public Menu menu() {
        return friends.viewer().getTable().getMenu();
    }

    @Focus
    public void setFocus() {
        filter.setFocus();
    }
}
