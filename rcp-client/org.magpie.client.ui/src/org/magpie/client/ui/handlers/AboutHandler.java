package org.magpie.client.ui.handlers;

import jakarta.inject.Named;

import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.e4.ui.services.IServiceConstants;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.ui.Messages;
import org.osgi.framework.FrameworkUtil;

/** Help > About Magpie. */
public class AboutHandler {

    @Execute
    public void execute(@Named(IServiceConstants.ACTIVE_SHELL) Shell shell, Messages messages) {
        String version = FrameworkUtil.getBundle(AboutHandler.class).getVersion().toString();
        MessageDialog dialog = new MessageDialog(shell, messages.get("about.title"), null,
                messages.get("about.text", version), MessageDialog.INFORMATION, 0, messages.get("button.ok"));
        dialog.open();
    }
}
