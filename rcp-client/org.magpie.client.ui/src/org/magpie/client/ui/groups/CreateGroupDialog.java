package org.magpie.client.ui.groups;

import java.util.function.Function;

import org.eclipse.jface.dialogs.IMessageProvider;
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
import org.magpie.client.ui.FormDialog;
import org.magpie.client.ui.FormFields;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Create a group: the number (optional: empty lets the server hand out the next free one), the
 * name (required) and whether only members may join. The dialog says how it went and stays open;
 * after closing it, the new group's chat opens ({@link #group()}).
 */
public final class CreateGroupDialog extends FormDialog<Outcome> implements CreateGroupPresenter.View {

    private final Function<CreateGroupPresenter.View, CreateGroupPresenter> presenters;
    private CreateGroupPresenter presenter;
    private Text number;
    private Text name;
    private Button membersOnly;
    private Group group;

    public CreateGroupDialog(Shell parent, Messages messages,
            Function<CreateGroupPresenter.View, CreateGroupPresenter> presenters) {
        super(parent, messages, "creategroup", "creategroup.button");
        this.presenters = presenters;
    }

    @Override
    protected void createFields(Composite form) {
        presenter = presenters.apply(this);
        name = FormFields.hintedField(form, messages, "group.field.name", "creategroup.name", 280);
        name.setTextLimit(100);
        number = FormFields.hintedField(form, messages, "group.field.number", "creategroup.number", SWT.DEFAULT);
        number.setTextLimit(18);

        new Label(form, SWT.NONE);
        membersOnly = new Button(form, SWT.CHECK);
        membersOnly.setText(messages.get("creategroup.membersonly"));
        membersOnly.setData(LoginDialog.FIELD, "creategroup.membersonly");
        name.setFocus();
    }

    @Override
    protected Control[] inputs() {
        return new Control[] {number, name, membersOnly};
    }

    @Override
    protected void submit() {
        presenter.submit(number.getText(), name.getText(), membersOnly.getSelection());
    }

    // ------------------------------------------------------------------ CreateGroupPresenter.View (UI thread)

    @Override
    public void result(Outcome result, String text, Group created) {
        if (!remember(result, text)) {
            return;
        }
        if (result == Outcome.CREATED) {
            group = created;
            report(text, IMessageProvider.INFORMATION);
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
