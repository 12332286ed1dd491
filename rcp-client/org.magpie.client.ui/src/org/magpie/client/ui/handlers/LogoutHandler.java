package org.magpie.client.ui.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.e4.ui.workbench.modeling.EModelService;
import org.eclipse.e4.ui.workbench.modeling.EPartService;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.service.MessagingService;
import org.magpie.client.ui.ChatParts;
import org.magpie.client.ui.login.LoginFlow;

/**
 * File > Log out: ends the session, closes the chat tabs and shows the login again (the
 * {@link LoginFlow}); giving up there quits Magpie.
 */
public class LogoutHandler {

    @Execute
    public void execute(@Optional MessagingService service, @Optional LoginFlow loginFlow,
            @Named(IServiceConstants.ACTIVE_SHELL) Shell shell, EPartService partService,
            EModelService modelService, MApplication application, IWorkbench workbench) {
        if (service != null) {
            service.logout();
        }
        ChatParts.closeAll(partService, modelService, application);
        if (loginFlow != null && !loginFlow.logIn(shell)) {
            workbench.close();
        }
    }
}
