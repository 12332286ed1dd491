package org.magpie.client.ui.friends;

import java.util.function.Function;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AddFriendPresenter;
import org.magpie.client.model.AddFriendPresenter.Outcome;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Add a friend: the account and an optional greeting. The dialog stays open and says how the
 * request went (sent, no such account, already friends, or why it failed), so several friends can
 * be added one after another.
 */
public final class AddFriendDialog extends TitleAreaDialog implements AddFriendPresenter.View {

    /** Longest greeting: a line or two, as people write with a request. */
    static final int GREETING_LIMIT = 200;

    private final Messages messages;
    private final Function<AddFriendPresenter.View, AddFriendPresenter> presenters;
    private AddFriendPresenter presenter;
    private Text account;
    private Text greeting;
    private Outcome outcome;
    private String resultText;

    public AddFriendDialog(Shell parent, Messages messages, Function<AddFriendPresenter.View, AddFriendPresenter> presenters) {
        super(parent);
        this.messages = messages;
        this.presenters = presenters;
        setHelpAvailable(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("addfriend.window"));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        presenter = presenters.apply(this);
        setTitle(messages.get("addfriend.title"));
        setMessage(messages.get("addfriend.message"));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(12, 12).spacing(8, 8).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        Label accountLabel = new Label(form, SWT.NONE);
        accountLabel.setText(messages.get("addfriend.account"));
        account = new Text(form, SWT.BORDER | SWT.SINGLE);
        account.setMessage(messages.get("addfriend.account.hint"));
        account.setData(LoginDialog.FIELD, "addfriend.account");
        GridDataFactory.fillDefaults().grab(true, false).hint(260, SWT.DEFAULT).applyTo(account);

        Label greetingLabel = new Label(form, SWT.NONE);
        greetingLabel.setText(messages.get("addfriend.greeting"));
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(greetingLabel);
        greeting = new Text(form, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL);
        greeting.setMessage(messages.get("addfriend.greeting.hint"));
        greeting.setTextLimit(GREETING_LIMIT);
        greeting.setData(LoginDialog.FIELD, "addfriend.greeting");
        GridDataFactory.fillDefaults().grab(true, false).hint(260, 54).applyTo(greeting);
        greeting.addListener(SWT.Traverse, e -> {
            if (e.detail == SWT.TRAVERSE_RETURN && (e.stateMask & SWT.SHIFT) == 0) {
                e.doit = true; // Enter sends the request, as in the account field
            }
        });
        account.setFocus();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, messages.get("addfriend.send"), true).setData(LoginDialog.FIELD, "addfriend.send");
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.close"), false).setData(LoginDialog.FIELD, "button.close");
    }

    @Override
    protected void okPressed() {
        setErrorMessage(null);
        presenter.submit(account.getText(), greeting.getText());
    }

    // ------------------------------------------------------------------ AddFriendPresenter.View (UI thread)

    @Override
    public void busy(boolean busy) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        account.setEnabled(!busy);
        greeting.setEnabled(!busy);
        getButton(IDialogConstants.OK_ID).setEnabled(!busy);
        if (busy) {
            setMessage(messages.get("addfriend.busy"));
        }
    }

    @Override
    public void result(Outcome result, String text) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        outcome = result;
        resultText = text;
        switch (result) {
            case SENT -> {
                setErrorMessage(null);
                setMessage(text, IMessageProvider.INFORMATION);
                account.setText("");
                greeting.setText("");
                account.setFocus();
            }
            case ALREADY_FRIENDS -> {
                setErrorMessage(null);
                setMessage(text, IMessageProvider.WARNING);
            }
            default -> {
                setErrorMessage(text);
                account.setFocus();
                account.selectAll();
            }
        }
    }

    // ------------------------------------------------------------------ for tests

    /** How the last request ended, or null. */
    public Outcome outcome() {
        return outcome;
    }

    /** The text of the last result, or null. */
    public String resultText() {
        return resultText;
    }

    public Text account() {
        return account;
    }

    public Text greeting() {
        return greeting;
    }
}
