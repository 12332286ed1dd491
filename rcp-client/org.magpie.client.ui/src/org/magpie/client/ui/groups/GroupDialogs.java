package org.magpie.client.ui.groups;

import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.model.CreateGroupPresenter;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.JoinGroupPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.GroupService;
import org.magpie.client.ui.Messages;

/**
 * Opens the create and join dialogs (from the contacts view and from the main menu) and, once one
 * is closed, the chat of the group created or joined in it.
 */
public final class GroupDialogs {

    private GroupDialogs() {
    }

    public static void create(Shell shell, Messages messages, GroupService service, UISynchronize sync, GroupsPresenter groups) {
        Texts texts = new Texts(messages.locale());
        CreateGroupDialog dialog = new CreateGroupDialog(shell, messages,
                view -> new CreateGroupPresenter(service, texts, sync::asyncExec, view));
        dialog.open();
        if (dialog.group() != null && groups != null) {
            groups.open(dialog.group());
        }
    }

    public static void join(Shell shell, Messages messages, GroupService service, UISynchronize sync, GroupsPresenter groups) {
        Texts texts = new Texts(messages.locale());
        JoinGroupDialog dialog = new JoinGroupDialog(shell, messages,
                view -> new JoinGroupPresenter(service, texts, sync::asyncExec, view));
        dialog.open();
        if (dialog.group() != null && groups != null) {
            groups.open(dialog.group());
        }
    }
}
