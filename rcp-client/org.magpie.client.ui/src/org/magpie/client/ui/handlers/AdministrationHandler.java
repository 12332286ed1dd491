package org.magpie.client.ui.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.CanExecute;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ServerAdministration;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.ServerAddon;
import org.magpie.client.ui.admin.AdministrationDialog;

/** File > Server Administration…: for administrators only; one window at a time. */
public class AdministrationHandler {

    @CanExecute
    public boolean canExecute(@Optional @Named(ServerAddon.ADMINISTRATOR) Boolean administrator,
            @Optional ServerAdministration admin) {
        return admin != null && Boolean.TRUE.equals(administrator);
    }

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Messages messages, ServerAdministration admin,
            UISynchronize sync) {
        for (Shell open : shell.getDisplay().getShells()) {
            if (open.getData() instanceof AdministrationDialog && !open.isDisposed()) {
                open.setActive();
                return;
            }
        }
        Texts texts = new Texts(messages.locale());
        new AdministrationDialog(shell, messages, view -> new AdministrationPresenter(admin, texts, sync::asyncExec, view)).open();
    }
}
