package org.magpie.client.ui.groups;

import java.util.function.Function;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.IMessageProvider;
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
import org.magpie.client.model.CreateGroupPresenter;
import org.magpie.client.model.CreateGroupPresenter.Outcome;
import org.magpie.client.service.Group;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Create a group: the number (optional: empty lets the server hand out the next free one), the
 * name (required) and whether only members may join. The dialog says how it went and stays open;
 * after closing it, the new group's chat opens ({@link #group()}).
 */
public final class CreateGroupDialog extends TitleAreaDialog implements CreateGroupPresenter.View {

    private final Messages messages;
    private final Function<CreateGroupPresenter.View, CreateGroupPresenter> presenters;
    private CreateGroupPresenter presenter;
    private Text number;
    private Text name;
    private Button membersOnly;
    private Outcome outcome;
    private String resultText;
    private Group group;

    public CreateGroupDialog(Shell parent, Messages messages,
            Function<CreateGroupPresenter.View, CreateGroupPresenter> presenters) {
        super(parent);
        this.messages = messages;
        this.presenters = presenters;
        setHelpAvailable(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("creategroup.window"));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        presenter = presenters.apply(this);
        setTitle(messages.get("creategroup.title"));
        setMessage(messages.get("creategroup.message"));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(12, 12).spacing(8, 8).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        new Label(form, SWT.NONE).setText(messages.get("group.field.name"));
        name = new Text(form, SWT.BORDER | SWT.SINGLE);
        name.setMessage(messages.get("creategroup.name.hint"));
        name.setTextLimit(100);
        name.setData(LoginDialog.FIELD, "creategroup.name");
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(name);

        new Label(form, SWT.NONE).setText(messages.get("group.field.number"));
        number = new Text(form, SWT.BORDER | SWT.SINGLE);
        number.setMessage(messages.get("creategroup.number.hint"));
        number.setTextLimit(18);
        number.setData(LoginDialog.FIELD, "creategroup.number");
        GridDataFactory.fillDefaults().grab(true, false).applyTo(number);

        new Label(form, SWT.NONE);
        membersOnly = new Button(form, SWT.CHECK);
        membersOnly.setText(messages.get("creategroup.membersonly"));
        membersOnly.setData(LoginDialog.FIELD, "creategroup.membersonly");
        name.setFocus();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, messages.get("creategroup.button"), true)
                .setData(LoginDialog.FIELD, "creategroup.button");
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.close"), false)
                .setData(LoginDialog.FIELD, "button.close");
    }

    @Override
    protected void okPressed() {
        setErrorMessage(null);
        presenter.submit(number.getText(), name.getText(), membersOnly.getSelection());
    }

    // ------------------------------------------------------------------ CreateGroupPresenter.View (UI thread)

    @Override
    public void busy(boolean busy) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        number.setEnabled(!busy);
        name.setEnabled(!busy);
        membersOnly.setEnabled(!busy);
        getButton(IDialogConstants.OK_ID).setEnabled(!busy);
        if (busy) {
            setMessage(messages.get("creategroup.busy"));
        }
    }

    @Override
    public void result(Outcome result, String text, Group created) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        outcome = result;
        resultText = text;
        if (result == Outcome.CREATED) {
            group = created;
            setErrorMessage(null);
            setMessage(text, IMessageProvider.INFORMATION);
            number.setText("");
            name.setText("");
            membersOnly.setSelection(false);
            name.setFocus();
            return;
        }
        setErrorMessage(text);
        // the field the problem is about: the number when it is taken or not digits, else the name
        boolean aboutNumber = result == Outcome.NUMBER_TAKEN
                || result == Outcome.INVALID && !number.getText().isBlank() && !name.getText().isBlank()
                        && name.getText().strip().length() <= 100;
        Text field = aboutNumber ? number : name;
        field.setFocus();
        field.selectAll();
    }

    // ------------------------------------------------------------------ for callers and tests

    /** The group created last in this dialog, or null. */
    public Group group() {
        return group;
    }

    public Outcome outcome() {
        return outcome;
    }

    public String resultText() {
        return resultText;
    }

    public Text number() {
        return number;
    }

    public Text name() {
        return name;
    }

    public Button membersOnly() {
        return membersOnly;
    }
}
