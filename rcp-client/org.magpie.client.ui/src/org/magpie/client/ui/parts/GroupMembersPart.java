package org.magpie.client.ui.parts;

import static org.magpie.client.ui.StyledCells.coloured;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.dialogs.MessageDialog;
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
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.magpie.client.model.GroupMembersPresenter;
import org.magpie.client.model.GroupMembersPresenter.Activation;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.ui.GroupChatParts;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.StyledCells;

/**
 * A group's members, beside its chat (made by injection inside {@link GroupChatPart}, with the
 * group's address under {@value GroupChatParts#GROUP}): online members first in blue, offline in
 * grey, each with nickname and account (and role for owners and admins), updated live.
 * Double-click chats with a friend, or offers a friend request to someone who is not one. The
 * logic is in {@link GroupMembersPresenter}.
 */
public class GroupMembersPart implements GroupMembersPresenter.View {

    @Inject
    @Optional
    GroupService groups;

    @Inject
    @Optional
    MessagingService messaging;

    @Inject
    @Optional
    MessengerPresenter messenger;

    @Inject
    UISynchronize sync;

    @Inject
    @Named(GroupChatParts.GROUP)
    String group;

    private Messages messages;
    private GroupMembersPresenter presenter;
    private Label title;
    private TableViewer viewer;
    private Label status;
    private Color online;
    private Color offline;
    private Color detail;

    @PostConstruct
    public void createControls(Composite parent, Messages messages) {
        this.messages = messages;
        online = new Color(FriendsList.ONLINE);
        offline = new Color(FriendsList.OFFLINE);
        detail = new Color(FriendsList.DETAIL);
        GridLayoutFactory.fillDefaults().margins(4, 6).spacing(4, 4).applyTo(parent);

        title = new Label(parent, SWT.NONE);
        title.setText(messages.get("members.title"));
        title.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(title);

        viewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL | SWT.BORDER);
        Table table = viewer.getTable();
        TableViewerColumn column = new TableViewerColumn(viewer, SWT.NONE);
        column.setLabelProvider(new MemberLabels());
        table.addListener(SWT.Resize, e -> column.getColumn().setWidth(Math.max(50, table.getClientArea().width)));
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        viewer.addDoubleClickListener(e -> open(selected()));
        table.setToolTipText(messages.get("members.tip"));
        GridDataFactory.fillDefaults().grab(true, true).applyTo(table);

        status = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).exclude(true).applyTo(status);
        status.setVisible(false);

        if (groups != null && messaging != null && group != null) {
            presenter = new GroupMembersPresenter(group, groups, messaging, new Texts(messages.locale()), sync::asyncExec,
                    this);
            presenter.start();
        }
    }

    private GroupMember selected() {
        Object first = ((IStructuredSelection) viewer.getSelection()).getFirstElement();
        return first instanceof GroupMember m ? m : null;
    }

    /** A double-click: the chat with a friend, or the offer of a friend request. */
    public void open(GroupMember member) {
        if (presenter == null || member == null) {
            return;
        }
        if (presenter.activate(member) == Activation.OFFER_REQUEST
                && MessageDialog.openQuestion(viewer.getControl().getShell(), messages.get("members.request.title"),
                        presenter.requestQuestion(member))) {
            presenter.requestFriend(member);
        }
    }

    // ------------------------------------------------------------------ GroupMembersPresenter.View (UI thread)

    @Override
    public void show(List<GroupMember> members, String text) {
        if (viewer.getControl().isDisposed()) {
            return;
        }
        GroupMember was = selected();
        title.setText(text);
        viewer.setInput(members);
        if (was != null) {
            members.stream().filter(m -> m.account().equals(was.account())).findFirst()
                    .ifPresent(m -> viewer.setSelection(new org.eclipse.jface.viewers.StructuredSelection(m)));
        }
        title.getParent().layout(true, true);
    }

    @Override
    public void chat(String account, String nickname) {
        if (messenger != null) {
            messenger.openChat(account, nickname);
        }
    }

    @Override
    public void requestResult(boolean sent, String text) {
        if (status.isDisposed()) {
            return;
        }
        status.setText(text);
        status.setForeground(sent ? online : status.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));
        ((org.eclipse.swt.layout.GridData) status.getLayoutData()).exclude = false;
        status.setVisible(true);
        status.getParent().layout(true, true);
    }

    /** A member's row: a presence dot and the nickname in blue or grey, then the account (and role) in grey. */
    private final class MemberLabels extends StyledCellLabelProvider {
        @Override
        public void update(ViewerCell cell) {
            GroupMember m = (GroupMember) cell.getElement();
            Color colour = m.online() ? online : offline;
            StyledString s = new StyledString();
            s.append("\u25cf ", coloured(colour));
            s.append(presenter == null ? m.nickname() : presenter.name(m), coloured(colour));
            s.append("   " + (presenter == null ? m.account() : presenter.detail(m)), coloured(detail));
            StyledCells.show(cell, s, colour);
            super.update(cell);
        }
    }

    @PreDestroy
    void dispose() {
        if (presenter != null) {
            presenter.stop();
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

    public Label title() {
        return title;
    }

    public Label status() {
        return status;
    }

    public GroupMembersPresenter presenter() {
        return presenter;
    }
}
