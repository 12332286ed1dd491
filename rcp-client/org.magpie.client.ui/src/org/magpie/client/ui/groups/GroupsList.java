package org.magpie.client.ui.groups;

import static org.magpie.client.ui.StyledCells.coloured;

import java.util.List;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
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
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupService;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.StyledCells;
import org.magpie.client.ui.inbox.InboxRows;

/**
 * The groups section of the contacts view, under the friends: a "Groups" heading with "Create…"
 * and "Join…", and the user's groups by name with their numbers and unread counts. Double-click
 * opens the group's chat. With the inbox ({@link #inbox}), each group shows its unread count as a
 * red badge and its latest message, latest activity first. The logic is in {@link GroupsPresenter}.
 */
public final class GroupsList implements GroupsPresenter.ListView {

    static final RGB GROUP = new RGB(0x1f, 0x5f, 0xbf);
    static final RGB DETAIL = new RGB(0x9a, 0x9a, 0x9a);
    static final RGB UNREAD = new RGB(0xc0, 0x20, 0x20);
    private static final int VISIBLE_ROWS = 5;

    private final Messages messages;
    private final GroupsPresenter presenter;
    private final GroupService service;
    private final UISynchronize sync;
    private final Button create;
    private final Button join;
    private final Label placeholder;
    private final TableViewer viewer;
    private final Color group;
    private final Color detail;
    private final Color unread;
    private final TableViewerColumn column;
    private InboxPresenter inbox;
    private final InboxPresenter.View inboxView = this::inboxChanged;

    public GroupsList(Composite parent, Messages messages, GroupsPresenter presenter, GroupService service, UISynchronize sync) {
        this.messages = messages;
        this.presenter = presenter;
        this.service = service;
        this.sync = sync;
        group = new Color(GROUP);
        detail = new Color(DETAIL);
        unread = new Color(UNREAD);

        Composite header = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).spacing(4, 0).extendedMargins(0, 0, 6, 0).applyTo(header);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(header);
        Label title = new Label(header, SWT.NONE);
        title.setText(messages.get("groups.title"));
        title.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).applyTo(title);
        create = new Button(header, SWT.PUSH);
        create.setText(messages.get("groups.create"));
        create.setToolTipText(messages.get("groups.create.tip"));
        create.addListener(SWT.Selection, e -> openCreate());
        join = new Button(header, SWT.PUSH);
        join.setText(messages.get("groups.join"));
        join.setToolTipText(messages.get("groups.join.tip"));
        join.addListener(SWT.Selection, e -> openJoin());

        placeholder = new Label(parent, SWT.WRAP);
        placeholder.setText(messages.get("groups.empty"));
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(placeholder);

        viewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        Table table = viewer.getTable();
        column = new TableViewerColumn(viewer, SWT.NONE);
        column.setLabelProvider(new GroupLabels());
        table.addListener(SWT.Resize, e -> column.getColumn().setWidth(Math.max(50, table.getClientArea().width)));
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        viewer.addDoubleClickListener(e -> open(selected()));
        GridDataFactory.fillDefaults().grab(true, false).hint(SWT.DEFAULT, table.getItemHeight() * VISIBLE_ROWS + 4)
                .applyTo(table);
        table.addListener(SWT.Dispose, e -> {
            if (presenter != null) {
                presenter.removeListView(this);
            }
            if (inbox != null) {
                inbox.removeView(inboxView);
            }
            group.dispose();
            detail.dispose();
            unread.dispose();
        });

        boolean connected = presenter != null && service != null;
        create.setEnabled(connected);
        join.setEnabled(connected);
        if (presenter != null) {
            presenter.addListView(this);
        } else {
            showGroups(List.of());
        }
    }

    /** Shows the inbox's badges and previews, and orders the groups by latest activity. */
    public void inbox(InboxPresenter counts) {
        inbox = counts;
        column.setLabelProvider(new InboxRows<>(viewer.getControl().getDisplay(), Group.class, counts, Group::address,
                this::line, g -> group));
        GridData data = (GridData) viewer.getTable().getLayoutData();
        org.eclipse.swt.graphics.GC gc = new org.eclipse.swt.graphics.GC(viewer.getTable());
        int line = gc.getFontMetrics().getHeight();
        gc.dispose();
        data.heightHint = Math.max(viewer.getTable().getItemHeight(), InboxRows.rowHeight(line)) * VISIBLE_ROWS + 4; // two lines a row
        counts.addView(inboxView);
    }

    /** Counts or activity changed: sort and draw again. */
    private void inboxChanged(int total) {
        if (presenter != null) {
            showGroups(presenter.groups());
        }
    }

    private Group selected() {
        Object first = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        return first instanceof Group g ? g : null;
    }

    /** Opens (or brings to front) the group's chat. */
    public void open(Group g) {
        if (g != null && presenter != null) {
            presenter.open(g);
        }
    }

    /** The create-group dialog (modal), then the new group's chat. */
    public void openCreate() {
        if (service != null) {
            GroupDialogs.create(viewer.getControl().getShell(), messages, service, sync, presenter);
        }
    }

    /** The join-group dialog (modal), then the group's chat. */
    public void openJoin() {
        if (service != null) {
            GroupDialogs.join(viewer.getControl().getShell(), messages, service, sync, presenter);
        }
    }

    // ------------------------------------------------------------------ GroupsPresenter.ListView (UI thread)

    @Override
    public void showGroups(List<Group> groups) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        Group was = selected();
        if (inbox != null) {
            List<Group> sorted = new java.util.ArrayList<>(groups);
            sorted.sort(inbox.byActivity(Group::address, GroupsPresenter.order()));
            groups = sorted;
        }
        viewer.setInput(groups);
        if (was != null) {
            groups.stream().filter(g -> g.address().equals(was.address())).findFirst()
                    .ifPresent(g -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(g)));
        }
        boolean empty = groups.isEmpty();
        ((GridData) placeholder.getLayoutData()).exclude = !empty;
        placeholder.setVisible(empty);
        ((GridData) viewer.getTable().getLayoutData()).exclude = empty;
        viewer.getTable().setVisible(!empty);
        placeholder.getParent().layout(true, true);
    }

    /** A group's line: a mark and the name in blue, the number in grey. */
    private StyledString line(Group g) {
        StyledString s = new StyledString();
        s.append("# ", coloured(detail));
        s.append(g.name(), coloured(group));
        s.append("   " + g.number(), coloured(detail));
        return s;
    }

    /** A group's row (without the inbox): its line, then the unread count in red. */
    private final class GroupLabels extends StyledCellLabelProvider {
        @Override
        public void update(ViewerCell cell) {
            Group g = (Group) cell.getElement();
            StyledString s = line(g);
            int count = presenter == null ? 0 : presenter.unread(g.address());
            if (count > 0) {
                s.append("  (" + count + ")", coloured(unread));
            }
            StyledCells.show(cell, s, group);
            super.update(cell);
        }
    }

    // ------------------------------------------------------------------ for tests

    public TableViewer viewer() {
        return viewer;
    }

    public Button createButton() {
        return create;
    }

    public Button joinButton() {
        return join;
    }

    public Label placeholder() {
        return placeholder;
    }
}
