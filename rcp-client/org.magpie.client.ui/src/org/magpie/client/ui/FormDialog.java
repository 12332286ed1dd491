package org.magpie.client.ui;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.magpie.client.ui.login.LoginDialog;

/**
 * A dialog that asks the server something with a few fields and stays open: the title line shows
 * how each request went, the fields are disabled while it runs. Texts come from
 * {@code <prefix>.window}, {@code .title}, {@code .message} and {@code .busy}; subclasses add the
 * fields, send them and show their presenter's outcomes ({@code O}).
 */
public abstract class FormDialog<O> extends TitleAreaDialog {

    protected final Messages messages;
    private final String prefix;
    private final String submitKey;
    private O outcome;
    private String resultText;

    protected FormDialog(Shell parent, Messages messages, String prefix, String submitKey) {
        super(parent);
        this.messages = messages;
        this.prefix = prefix;
        this.submitKey = submitKey;
        setHelpAvailable(false);
    }

    /** Adds the labelled fields to the two-column form; called once when the dialog opens. */
    protected abstract void createFields(Composite form);

    /** Hands the fields to the presenter. */
    protected abstract void submit();

    /** The inputs to disable while a request runs. */
    protected abstract Control[] inputs();

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get(prefix + ".window"));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(messages.get(prefix + ".title"));
        setMessage(messages.get(prefix + ".message"));
        Composite area = (Composite) super.createDialogArea(parent);
        Composite form = new Composite(area, SWT.NONE);
        GridLayoutFactory.swtDefaults().numColumns(2).margins(12, 12).spacing(8, 8).applyTo(form);
        GridDataFactory.fillDefaults().grab(true, true).applyTo(form);
        createFields(form);
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, messages.get(submitKey), true).setData(LoginDialog.FIELD, submitKey);
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.close"), false)
                .setData(LoginDialog.FIELD, "button.close");
    }

    @Override
    protected void okPressed() {
        setErrorMessage(null);
        submit();
    }

    /** Presenter view callback (UI thread): the request started or ended. */
    public void busy(boolean busy) {
        if (closed()) {
            return;
        }
        FormFields.enable(!busy, inputs());
        FormFields.enable(!busy, getButton(IDialogConstants.OK_ID));
        if (busy) {
            setMessage(messages.get(prefix + ".busy"));
        }
    }

    /**
     * Remembers how a request ended, for callers and tests; false when the dialog was closed before
     * the server answered, so there is nothing left to show it in.
     */
    protected final boolean remember(O result, String text) {
        if (closed()) {
            return false;
        }
        outcome = result;
        resultText = text;
        return true;
    }

    /** Shows a result that is no error ({@code type} is an {@code IMessageProvider} constant). */
    protected final void report(String text, int type) {
        setErrorMessage(null);
        setMessage(text, type);
    }

    private boolean closed() {
        return getShell() == null || getShell().isDisposed();
    }

    /** How the last request ended, or null. */
    public O outcome() {
        return outcome;
    }

    /** The text of the last result, or null. */
    public String resultText() {
        return resultText;
    }
}
