package org.magpie.client.ui.login;

import jakarta.inject.Inject;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.equinox.security.storage.SecurePreferencesFactory;
import org.eclipse.jface.window.Window;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.model.CredentialVault;
import org.magpie.client.model.LoginPresenter;
import org.magpie.client.model.RegisterPresenter;
import org.magpie.client.model.Settings;
import org.magpie.client.model.Texts;
import org.magpie.client.model.Ui;
import org.magpie.client.service.MessagingService;
import org.magpie.client.ui.Messages;

/**
 * The {@link LoginFlow} of the product: the login dialog, with the registration dialog behind its
 * "Create account…" button. Named by the product property {@code loginFlowURI}.
 */
public class DialogLoginFlow implements LoginFlow {

    private final MessagingService service;
    private final Messages messages;

    @Inject
    public DialogLoginFlow(@Optional MessagingService service, Messages messages) {
        this.service = service;
        this.messages = messages;
    }

    @Override
    public boolean logIn(Shell parent) {
        if (service == null) {
            return true; // no messaging bundle installed: open the window offline
        }
        Display display = Display.getCurrent();
        Ui ui = r -> display.asyncExec(r);
        Texts texts = new Texts(messages.locale());
        Settings settings = new PreferenceSettings(InstanceScope.INSTANCE.getNode("org.magpie.client.ui"));
        CredentialVault vault = new SecureStorageVault(SecurePreferencesFactory.getDefault());
        LoginDialog dialog = new LoginDialog(parent, messages,
                view -> new LoginPresenter(service, settings, vault, texts, ui, view),
                (shell, host, port) -> {
                    RegisterDialog register = new RegisterDialog(shell, messages,
                            view -> new RegisterPresenter(service, texts, ui, view), host, port);
                    register.open();
                    return register.created();
                });
        return dialog.open() == Window.OK;
    }
}
