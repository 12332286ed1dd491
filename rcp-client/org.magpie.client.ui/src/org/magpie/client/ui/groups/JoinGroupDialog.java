package org.magpie.client.ui.groups;

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
import org.magpie.client.model.JoinGroupPresenter;
import org.magpie.client.model.JoinGroupPresenter.Outcome;
import org.magpie.client.service.Group;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Join a group by its number. The dialog says how it went (joined, no such group, banned, members
 * only) and stays open; after closing it, the joined group's chat opens ({@link #group()}).
 */
public final class JoinGroupDialog extends TitleAreaDialog implements JoinGroupPresenter.View {

    private final Messages messages;
    private final Function<JoinGroupPresenter.View, JoinGroupPresenter> presenters;
    private JoinGroupPresenter presenter;
    private Text number;
    private Outcome outcome;
    private String resultText;
    private Group group;

    public JoinGroupDialog(Shell parent, Messages messages, Function<JoinGroupPresenter.View, JoinGroupPresenter> presenters) {
        super(parent);
        this.messages = messages;
        this.presenters = presenters;
        setHelpAvailable(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("joingroup.window"));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        presenter = presenters.apply(this);
        setTitle(messages.get("joingroup.title"));
        setMessage(messages.get("joingroup.message"));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(12, 12).spacing(8, 8).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);

        new Label(form, SWT.NONE).setText(messages.get("group.field.number"));
        number = new Text(form, SWT.BORDER | SWT.SINGLE);
        number.setMessage(messages.get("joingroup.number.hint"));
        number.setTextLimit(18);
        number.setData(LoginDialog.FIELD, "joingroup.number");
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(number);
        number.setFocus();
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, messages.get("joingroup.button"), true)
                .setData(LoginDialog.FIELD, "joingroup.button");
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.close"), false)
                .setData(LoginDialog.FIELD, "button.close");
    }

    @Override
    protected void okPressed() {
        setErrorMessage(null);
        presenter.submit(number.getText());
    }

    // ------------------------------------------------------------------ JoinGroupPresenter.View (UI thread)

    @Override
    public void busy(boolean busy) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        number.setEnabled(!busy);
        getButton(IDialogConstants.OK_ID).setEnabled(!busy);
        if (busy) {
            setMessage(messages.get("joingroup.busy"));
        }
    }

    @Override
    public void result(Outcome result, String text, Group joined) {
        if (getShell() == null || getShell().isDisposed()) {
            return;
        }
        outcome = result;
        resultText = text;
        if (joined != null) {
            group = joined;
            setErrorMessage(null);
            setMessage(text, result == Outcome.JOINED ? IMessageProvider.INFORMATION : IMessageProvider.WARNING);
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

    public Outcome outcome() {
        return outcome;
    }

    public String resultText() {
        return resultText;
    }

    public Text number() {
        return number;
    }
}
