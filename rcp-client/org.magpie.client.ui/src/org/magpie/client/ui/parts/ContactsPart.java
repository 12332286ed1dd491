package org.magpie.client.ui.parts;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StyledCellLabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.graphics.TextStyle;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
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
import org.magpie.client.ui.inbox.InboxRows;

/**
 * The contacts list (part {@code org.magpie.client.ui.part.contacts}): incoming friend requests on
 * top, a filter box and "Add friend", and the friends with nickname and account, online ones in
 * blue and first, offline ones in grey, updated live. Double-click opens the chat; the context
 * menu chats or removes a friend. With the inbox, each friend and group shows its unread count as a
 * red badge and its latest message under the name, and the lists go by latest activity ({@link
 * InboxPresenter}). The logic is in {@link ContactsPresenter},
 * {@link FriendRequestsPresenter} and {@link AddFriendPresenter}.
 */
public class ContactsPart implements ContactsPresenter.View {

    static final RGB ONLINE = new RGB(0x1f, 0x5f, 0xbf);
    static final RGB OFFLINE = new RGB(0x80, 0x80, 0x80);
    static final RGB DETAIL = new RGB(0x9a, 0x9a, 0x9a);

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
    private Label placeholder;
    private TableViewer viewer;
    private GroupsList groups;
    private MenuItem chatItem;
    private MenuItem removeItem;
    private Color online;
    private Color offline;
    private Color detail;

    @PostConstruct
    public void createControls(Composite parent, Messages messages) {
        this.messages = messages;
        online = new Color(ONLINE);
        offline = new Color(OFFLINE);
        detail = new Color(DETAIL);
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

        placeholder = new Label(parent, SWT.WRAP);
        placeholder.setText(messages.get("contacts.empty"));
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(placeholder);

        viewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        Table table = viewer.getTable();
        table.setHeaderVisible(false);
        table.setLinesVisible(false);
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        if (inbox != null) {
            column.setLabelProvider(new InboxRows<>(parent.getDisplay(), Contact.class, inbox, Contact::account,
                    this::line, this::colour));
        } else {
            column.setLabelProvider(new ContactLabels());
        }
        table.addListener(SWT.Resize, e -> column.getColumn().setWidth(Math.max(50, table.getClientArea().width)));
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        viewer.addDoubleClickListener(e -> chat(selected()));
        GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
        createMenu(table);
        groups = new GroupsList(parent, messages, groupsPresenter, groupService, sync); // the groups under the friends

        boolean connected = service != null;
        addFriend.setEnabled(connected);
        filter.setEnabled(connected);
        if (connected) {
            Texts texts = new Texts(messages.locale());
            requests = new FriendRequestsPresenter(service, texts, sync::asyncExec, requestBar);
            requestBar.presenter(requests);
            presenter = new ContactsPresenter(service, texts, sync::asyncExec, this);
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
        if (presenter != null && !viewer.getControl().isDisposed()) {
            presenter.order(inbox.byActivity(Contact::account, ContactsPresenter.order()));
        }
    }

    private void createMenu(Table table) {
        Menu menu = new Menu(table);
        chatItem = new MenuItem(menu, SWT.PUSH);
        chatItem.setText(messages.get("contacts.menu.chat"));
        chatItem.addListener(SWT.Selection, e -> chat(selected()));
        new MenuItem(menu, SWT.SEPARATOR);
        removeItem = new MenuItem(menu, SWT.PUSH);
        removeItem.setText(messages.get("contacts.menu.remove"));
        removeItem.addListener(SWT.Selection, e -> remove(selected()));
        menu.addListener(SWT.Show, e -> {
            Contact c = selected();
            chatItem.setEnabled(c != null && messenger != null);
            removeItem.setEnabled(c != null && presenter != null);
        });
        table.setMenu(menu);
    }

    private Contact selected() {
        Object first = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        return first instanceof Contact c ? c : null;
    }

    /** Opens (or brings to front) the chat tab with a contact. */
    public void chat(Contact contact) {
        if (contact != null && messenger != null) {
            messenger.openChat(contact.account(), contact.nickname());
        }
    }

    /** Asks, then removes the friend. */
    public void remove(Contact contact) {
        if (contact == null || presenter == null) {
            return;
        }
        if (MessageDialog.openQuestion(viewer.getControl().getShell(), messages.get("contacts.remove.title"),
                presenter.removeQuestion(contact))) {
            presenter.remove(contact);
        }
    }

    /** Opens the add-friend dialog (modal; the list goes on updating behind it). */
    public void openAddFriend() {
        if (service == null) {
            return;
        }
        Texts texts = new Texts(messages.locale());
        new AddFriendDialog(viewer.getControl().getShell(), messages,
                view -> new AddFriendPresenter(service, texts, sync::asyncExec, view)).open();
    }

    // ------------------------------------------------------------------ ContactsPresenter.View (UI thread)

    @Override
    public void show(List<Contact> contacts) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        Contact was = selected();
        viewer.setInput(contacts);
        if (was != null) {
            contacts.stream().filter(c -> c.account().equals(was.account())).findFirst()
                    .ifPresent(c -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(c)));
        }
        boolean empty = contacts.isEmpty();
        String typed = filter.getText().strip();
        placeholder.setText(typed.isEmpty() ? messages.get("contacts.empty") : messages.get("contacts.nomatch", typed));
        ((GridData) placeholder.getLayoutData()).exclude = !empty;
        placeholder.setVisible(empty);
        placeholder.getParent().layout(true, true);
    }

    @Override
    public void error(String text) {
        MessageDialog.openError(viewer.getControl().getShell(), messages.get("contacts.error.title"), text);
    }

    /** A contact's line: a presence dot and the nickname in blue or grey, then the account and status in grey. */
    private StyledString line(Contact c) {
        Color colour = colour(c);
        StyledString s = new StyledString();
        s.append("\u25cf ", styler(colour));
        s.append(c.nickname(), styler(colour));
        s.append("   " + (presenter == null ? c.account() : presenter.detail(c)), styler(detail));
        return s;
    }

    /** A contact's row (without the inbox): its line. */
    private final class ContactLabels extends StyledCellLabelProvider {
        @Override
        public void update(ViewerCell cell) {
            Contact c = (Contact) cell.getElement();
            Color colour = colour(c);
            StyledString s = line(c);
            cell.setText(s.getString());
            cell.setStyleRanges(s.getStyleRanges());
            cell.setForeground(colour);
            super.update(cell);
        }

        @Override
        public String getToolTipText(Object element) {
            return element instanceof Contact c ? c.account() : null;
        }
    }

    private static StyledString.Styler styler(Color colour) {
        return new StyledString.Styler() {
            @Override
            public void applyStyles(TextStyle style) {
                style.foreground = colour;
            }
        };
    }

    /** Blue for online, grey for offline. */
    public Color colour(Contact contact) {
        return contact.online() ? online : offline;
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
        for (Color c : new Color[] {online, offline, detail}) {
            if (c != null) {
                c.dispose();
            }
        }
    }

    // ------------------------------------------------------------------ for tests

    public TableViewer viewer() {
        return viewer;
    }

    public Label placeholder() {
        return placeholder;
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
        return viewer.getTable().getMenu();
    }

    @Focus
    public void setFocus() {
        filter.setFocus();
    }
}
