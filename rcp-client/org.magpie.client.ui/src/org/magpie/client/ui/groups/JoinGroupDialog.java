package org.magpie.client.ui.groups;

import java.util.function.Function;

import org.eclipse.jface.dialogs.IMessageProvider;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.JoinGroupPresenter;
import org.magpie.client.model.JoinGroupPresenter.Outcome;
import org.magpie.client.service.Group;
import org.magpie.client.ui.FormDialog;
import org.magpie.client.ui.FormFields;
import org.magpie.client.ui.Messages;

/**
 * Join a group by its number. The dialog says how it went (joined, no such group, banned, members
 * only) and stays open; after closing it, the joined group's chat opens ({@link #group()}).
 */
public final class JoinGroupDialog extends FormDialog<Outcome> implements JoinGroupPresenter.View {

    private final Function<JoinGroupPresenter.View, JoinGroupPresenter> presenters;
    private JoinGroupPresenter presenter;
    private Text number;
    private Group group;

    public JoinGroupDialog(Shell parent, Messages messages, Function<JoinGroupPresenter.View, JoinGroupPresenter> presenters) {
        super(parent, messages, "joingroup", "joingroup.button");
        this.presenters = presenters;
    }

    @Override
    protected void createFields(Composite form) {
        presenter = presenters.apply(this);
        number = FormFields.hintedField(form, messages, "group.field.number", "joingroup.number", 280);
        number.setTextLimit(18);
        number.setFocus();
    }

    @Override
    protected Control[] inputs() {
        return new Control[] {number};
    }

    @Override
    protected void submit() {
        presenter.submit(number.getText());
    }

    // ------------------------------------------------------------------ JoinGroupPresenter.View (UI thread)

    @Override
    public void result(Outcome result, String text, Group joined) {
        if (!remember(result, text)) {
            return;
        }
        if (joined != null) {
            group = joined;
            report(text, result == Outcome.JOINED ? IMessageProvider.INFORMATION : IMessageProvider.WARNING);
            number.setText("");
        } else {
            setErrorMessage(text);
            number.selectAll();
        }
        number.setFocus();
    }

    // ------------------------------------------------------------------ for callers and tests

    /** The group joined last in this dialog (or found to be joined already), or null. */
    public Group group() {
        return group;
    }

    public Text number() {
        return number;
    }
}
