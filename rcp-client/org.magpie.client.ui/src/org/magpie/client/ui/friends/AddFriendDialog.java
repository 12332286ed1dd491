package org.magpie.client.ui.friends;

import java.util.function.Function;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AddFriendPresenter;
import org.magpie.client.model.AddFriendPresenter.Outcome;
import org.magpie.client.ui.FormDialog;
import org.magpie.client.ui.FormFields;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Add a friend: the account and an optional greeting. The dialog stays open and says how the
 * request went (sent, no such account, already friends, or why it failed), so several friends can
 * be added one after another.
 */
public final class AddFriendDialog extends FormDialog<Outcome> implements AddFriendPresenter.View {

    /** Longest greeting: a line or two, as people write with a request. */
    static final int GREETING_LIMIT = 200;

    private final Function<AddFriendPresenter.View, AddFriendPresenter> presenters;
    private AddFriendPresenter presenter;
    private Text account;
    private Text greeting;

    public AddFriendDialog(Shell parent, Messages messages, Function<AddFriendPresenter.View, AddFriendPresenter> presenters) {
        super(parent, messages, "addfriend", "addfriend.send");
        this.presenters = presenters;
    }

    @Override
    protected void createFields(Composite form) {
        presenter = presenters.apply(this);
        account = FormFields.hintedField(form, messages, "addfriend.account", "addfriend.account", 260);

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
    }

    @Override
    protected Control[] inputs() {
        return new Control[] {account, greeting};
    }

    @Override
    protected void submit() {
        presenter.submit(account.getText(), greeting.getText());
    }

    // ------------------------------------------------------------------ AddFriendPresenter.View (UI thread)

    @Override
    public void result(Outcome result, String text) {
        if (!remember(result, text)) {
            return;
        }
        switch (result) {
            case SENT -> {
                report(text, IMessageProvider.INFORMATION);
                account.setText("");
                greeting.setText("");
                account.setFocus();
            }
            case ALREADY_FRIENDS -> report(text, IMessageProvider.WARNING);
            default -> {
                setErrorMessage(text);
                account.setFocus();
                account.selectAll();
            }
        }
    }

    // ------------------------------------------------------------------ for tests

    public Text account() {
        return account;
    }

    public Text greeting() {
        return greeting;
    }
}
