package org.magpie.client.ui.parts;

import static org.magpie.client.ui.StyledCells.coloured;

import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.IStructuredSelection;
import org.eclipse.jface.viewers.StructuredSelection;
import org.eclipse.jface.viewers.StyledCellLabelProvider;
import org.eclipse.jface.viewers.StyledString;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.jface.viewers.TableViewerColumn;
import org.eclipse.jface.viewers.ViewerCell;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Table;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.service.Contact;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.StyledCells;
import org.magpie.client.ui.inbox.InboxRows;

/**
 * The friends in the contacts part: nickname and account, online ones in blue, offline ones in
 * grey; with the inbox, an unread badge and the latest message ({@link InboxRows}). A line says
 * when there are none (or none match the filter). Double-click opens the chat; the context menu
 * chats or removes a friend.
 */
final class FriendsList {

    static final RGB ONLINE = new RGB(0x1f, 0x5f, 0xbf);
    static final RGB OFFLINE = new RGB(0x80, 0x80, 0x80);
    static final RGB DETAIL = new RGB(0x9a, 0x9a, 0x9a);

    /** What the list's double-click and context menu do. */
    interface Actions {
        void chat(Contact contact);

        void remove(Contact contact);

        boolean canChat();

        boolean canRemove();
    }

    private final Messages messages;
    private final Label placeholder;
    private final TableViewer viewer;
    private final Color online = new Color(ONLINE);
    private final Color offline = new Color(OFFLINE);
    private final Color detail = new Color(DETAIL);
    /** The grey text after a nickname (the account, or with the presenter the account and status). */
    private Function<Contact, String> details = Contact::account;

    /** @param inbox the inbox (badges and latest messages), or null */
    FriendsList(Composite parent, Messages messages, InboxPresenter inbox, Actions actions) {
        this.messages = messages;
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
        viewer.addDoubleClickListener(e -> actions.chat(selected()));
        GridDataFactory.fillDefaults().grab(true, true).applyTo(table);
        createMenu(table, actions);
        table.addListener(SWT.Dispose, e -> {
            online.dispose();
            offline.dispose();
            detail.dispose();
        });
    }

    void details(Function<Contact, String> grey) {
        details = grey;
    }

    private void createMenu(Table table, Actions actions) {
        Menu menu = new Menu(table);
        MenuItem chatItem = new MenuItem(menu, SWT.PUSH);
        chatItem.setText(messages.get("contacts.menu.chat"));
        chatItem.addListener(SWT.Selection, e -> actions.chat(selected()));
        new MenuItem(menu, SWT.SEPARATOR);
        MenuItem removeItem = new MenuItem(menu, SWT.PUSH);
        removeItem.setText(messages.get("contacts.menu.remove"));
        removeItem.addListener(SWT.Selection, e -> actions.remove(selected()));
        menu.addListener(SWT.Show, e -> {
            Contact c = selected();
            chatItem.setEnabled(c != null && actions.canChat());
            removeItem.setEnabled(c != null && actions.canRemove());
        });
        table.setMenu(menu);
    }

    Contact selected() {
        Object first = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        return first instanceof Contact c ? c : null;
    }

    /** Shows the friends, keeping the selection; {@code typed} is the filter, for the line shown when none match. */
    void show(List<Contact> contacts, String typed) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        Contact was = selected();
        viewer.setInput(contacts);
        if (was != null) {
            contacts.stream().filter(c -> c.account().equals(was.account())).findFirst()
                    .ifPresent(c -> viewer.setSelection(new StructuredSelection(c)));
        }
        boolean empty = contacts.isEmpty();
        placeholder.setText(typed.isEmpty() ? messages.get("contacts.empty") : messages.get("contacts.nomatch", typed));
        ((GridData) placeholder.getLayoutData()).exclude = !empty;
        placeholder.setVisible(empty);
        placeholder.getParent().layout(true, true);
    }

    /** A contact's line: a presence dot and the nickname in blue or grey, then the account and status in grey. */
    private StyledString line(Contact c) {
        Color colour = colour(c);
        StyledString s = new StyledString();
        s.append("\u25cf ", coloured(colour));
        s.append(c.nickname(), coloured(colour));
        s.append("   " + details.apply(c), coloured(detail));
        return s;
    }

    /** A contact's row (without the inbox): its line. */
    private final class ContactLabels extends StyledCellLabelProvider {
        @Override
        public void update(ViewerCell cell) {
            Contact c = (Contact) cell.getElement();
            StyledString s = line(c);
            StyledCells.show(cell, s, colour(c));
            super.update(cell);
        }

        @Override
        public String getToolTipText(Object element) {
            return element instanceof Contact c ? c.account() : null;
        }
    }

    /** Blue for online, grey for offline. */
    Color colour(Contact contact) {
        return contact.online() ? online : offline;
    }

    TableViewer viewer() {
        return viewer;
    }

    Label placeholder() {
        return placeholder;
    }
}
