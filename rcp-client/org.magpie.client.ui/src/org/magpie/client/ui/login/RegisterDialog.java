package org.magpie.client.ui.login;

import java.util.Optional;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.RegisterPresenter;
import org.magpie.client.model.RegistrationForm;
import org.magpie.client.ui.FormFields;
import org.magpie.client.ui.Messages;

/** Account, password twice and nickname, all required; the server's answer shows in the dialog. */
public final class RegisterDialog extends TitleAreaDialog implements RegisterPresenter.View {

    /** What a successful registration hands back to the login dialog. */
    public record Created(String username, String password, String text) {
    }

    /** Opens the dialog; empty when the user cancelled. */
    @FunctionalInterface
    public interface Factory {
        Optional<Created> open(Shell parent, String host, String port);
    }

    private final Messages messages;
    private final java.util.function.Function<RegisterPresenter.View, RegisterPresenter> presenters;
    private final String initialHost;
    private final String initialPort;
    private RegisterPresenter presenter;
    private Text host;
    private Text port;
    private Text username;
    private Text password;
    private Text confirm;
    private Text nickname;
    private Created created;

    public RegisterDialog(Shell parent, Messages messages,
            java.util.function.Function<RegisterPresenter.View, RegisterPresenter> presenters, String host, String port) {
        super(parent);
        this.messages = messages;
        this.presenters = presenters;
        this.initialHost = host;
        this.initialPort = port;
        setHelpAvailable(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("register.window"));
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        presenter = presenters.apply(this);
        setTitle(messages.get("register.title"));
        setMessage(messages.get("register.message"));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(4).margins(12, 12).spacing(8, 8).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        host = field(form, "field.host", SWT.NONE, 1);
        port = field(form, "field.port", SWT.NONE, 1);
        GridDataFactory.swtDefaults().hint(60, SWT.DEFAULT).applyTo(port);
        username = field(form, "field.username", SWT.NONE, 3);
        nickname = field(form, "field.nickname", SWT.NONE, 3);
        password = field(form, "field.password", SWT.PASSWORD, 3);
        confirm = field(form, "field.confirm", SWT.PASSWORD, 3);
        host.setText(initialHost);
        port.setText(initialPort);
        username.setFocus();
        return area;
    }

    private Text field(Composite form, String key, int style, int span) {
        return FormFields.field(form, messages, key, style, span);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, messages.get("register.button"), true);
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.cancel"), false);
    }

    @Override
    protected void okPressed() {
        setErrorMessage(null);
        presenter.register(new RegistrationForm(host.getText(), port.getText(), username.getText(), password.getText(),
                confirm.getText(), nickname.getText()));
    }

    @Override
    public void busy(boolean busy) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        FormFields.enable(!busy, host, port, username, nickname, password, confirm, getButton(IDialogConstants.OK_ID));
        if (busy) {
            setMessage(messages.get("register.busy"));
        }
    }

    @Override
    public void error(String text) {
        if (getShell() != null && !getShell().isDisposed()) {
            setErrorMessage(text);
        }
    }

    @Override
    public void registered(String username, String text) {
        created = new Created(username, password.getText(), text);
        setReturnCode(OK);
        close();
    }

    public Optional<Created> created() {
        return Optional.ofNullable(created);
    }
}
