package org.magpie.client.ui.login;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.LoginForm;
import org.magpie.client.model.LoginPresenter;
import org.magpie.client.ui.FormFields;
import org.magpie.client.ui.Messages;

/**
 * Server, port, account, password and "remember me"; "Log in" stays in the dialog until the
 * server has answered, and every failure shows in the dialog's message line.
 */
public final class LoginDialog extends TitleAreaDialog implements LoginPresenter.View {

    static final int REGISTER_ID = IDialogConstants.CLIENT_ID + 1;

    /** Widget data key naming each input (e.g. {@code field.username}), for tests and accessibility tools. */
    public static final String FIELD = "magpie.field";

    private final Messages messages;
    private final java.util.function.Function<LoginPresenter.View, LoginPresenter> presenters;
    private final RegisterDialog.Factory registerDialogs;
    private LoginPresenter presenter;
    private Text host;
    private Text port;
    private Text username;
    private Text password;
    private Button remember;
    private String account;

    /**
     * @param presenters makes the presenter that drives this dialog (it needs the dialog as its view)
     */
    public LoginDialog(Shell parent, Messages messages, java.util.function.Function<LoginPresenter.View, LoginPresenter> presenters,
            RegisterDialog.Factory registerDialogs) {
        super(parent);
        this.messages = messages;
        this.presenters = presenters;
        this.registerDialogs = registerDialogs;
        setHelpAvailable(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("login.window"));
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        presenter = presenters.apply(this);
        setTitle(messages.get("login.title"));
        setMessage(messages.get("login.message"));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(4).margins(12, 12).spacing(8, 8).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        host = field(form, "field.host", SWT.NONE, 1);
        port = field(form, "field.port", SWT.NONE, 1);
        GridDataFactory.swtDefaults().hint(60, SWT.DEFAULT).applyTo(port);
        username = field(form, "field.username", SWT.NONE, 3);
        password = field(form, "field.password", SWT.PASSWORD, 3);
        new Label(form, SWT.NONE);
        remember = new Button(form, SWT.CHECK);
        remember.setData(FIELD, "login.remember");
        remember.setText(messages.get("login.remember"));
        GridDataFactory.fillDefaults().span(3, 1).applyTo(remember);

        LoginForm initial = presenter.initialForm();
        host.setText(initial.host());
        port.setText(initial.port());
        username.setText(initial.username());
        password.setText(initial.password());
        remember.setSelection(initial.remember());
        (initial.username().isEmpty() ? username : password).setFocus();
        return area;
    }

    private Text field(Composite form, String key, int style, int span) {
        return FormFields.field(form, messages, key, style, span);
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, REGISTER_ID, messages.get("login.register"), false).setData(FIELD, "login.register");
        createButton(parent, IDialogConstants.OK_ID, messages.get("login.button"), true).setData(FIELD, "login.button");
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.cancel"), false).setData(FIELD, "button.cancel");
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == REGISTER_ID) {
            registerDialogs.open(getShell(), host.getText(), port.getText()).ifPresent(created -> {
                username.setText(created.username());
                password.setText(created.password());
                setErrorMessage(null);
                setMessage(created.text());
                password.setFocus();
            });
            return;
        }
        super.buttonPressed(buttonId);
    }

    @Override
    protected void okPressed() {
        setErrorMessage(null);
        presenter.login(new LoginForm(host.getText(), port.getText(), username.getText(), password.getText(),
                remember.getSelection()));
    }

    // ------------------------------------------------------------------ LoginPresenter.View

    @Override
    public void busy(boolean busy) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        FormFields.enable(!busy, host, port, username, password, remember, getButton(IDialogConstants.OK_ID),
                getButton(REGISTER_ID));
        if (busy) {
            setMessage(messages.get("login.busy"));
        }
    }

    @Override
    public void error(String text) {
        if (getShell() != null && !getShell().isDisposed()) {
            setErrorMessage(text);
        }
    }

    @Override
    public void loggedIn(String account) {
        this.account = account;
        setReturnCode(OK);
        close();
    }

    /** The logged-in account after OK. */
    public String account() {
        return account;
    }
}
