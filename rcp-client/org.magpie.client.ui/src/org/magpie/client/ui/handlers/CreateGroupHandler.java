package org.magpie.client.ui.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.service.GroupService;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.groups.GroupDialogs;

/** Groups > Create Group…: the create-group dialog, then the new group's chat. */
public class CreateGroupHandler {

    @CanExecute
    public boolean canExecute(@Optional GroupService service) {
        return service != null;
    }

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Messages messages, UISynchronize sync,
            @Optional GroupService service, @Optional GroupsPresenter groups) {
        if (service != null) {
            GroupDialogs.create(shell, messages, service, sync, groups);
        }
    }
}
