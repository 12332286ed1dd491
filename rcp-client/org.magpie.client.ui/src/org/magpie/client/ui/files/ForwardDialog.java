package org.magpie.client.ui.files;

import java.util.List;

import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.TitleAreaDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.FilesPresenter.Target;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Asks which friend or group a file goes to ("Forward…" on an image or a file): friends first, then
 * groups; a double-click or the Forward button chooses.
 */
public final class ForwardDialog extends TitleAreaDialog {

    private final Messages messages;
    private final String fileName;
    private final List<Target> targets;
    private final FilesPresenter files;
    private Table table;
    private Target chosen;

    public ForwardDialog(Shell parent, Messages messages, FilesPresenter files, String fileName, String except) {
        super(parent);
        this.messages = messages;
        this.files = files;
        this.fileName = fileName;
        this.targets = files.targets(except);
        setHelpAvailable(false);
    }

    /** The friend or group chosen, or null. */
    public Target chosen() {
        return chosen;
    }

    public Table table() {
        return table;
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("files.forward.window"));
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        setTitle(messages.get("files.forward.title", fileName));
        setMessage(targets.isEmpty() ? messages.get("files.forward.none") : messages.get("files.forward.message"));
        Composite area = (Composite) super.createDialogArea(parent);
        table = new Table(area, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        for (Target t : targets) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(files.targetLabel(t));
            item.setData(t);
        }
        GridDataFactory.fillDefaults().grab(true, true).indent(12, 8).hint(360, 220).applyTo(table);
        table.addListener(SWT.Selection, e -> update());
        table.addListener(SWT.DefaultSelection, e -> {
            if (table.getSelectionCount() == 1) {
                okPressed();
            }
        });
        return area;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.OK_ID, messages.get("files.forward.button"), true)
                .setData(LoginDialog.FIELD, "files.forward.button");
        createButton(parent, IDialogConstants.CANCEL_ID, messages.get("button.cancel"), false)
                .setData(LoginDialog.FIELD, "button.cancel");
        update();
    }

    private void update() {
        if (getButton(IDialogConstants.OK_ID) != null) {
            getButton(IDialogConstants.OK_ID).setEnabled(table.getSelectionCount() == 1);
        }
    }

    @Override
    protected void okPressed() {
        if (table.getSelectionCount() == 1) {
            chosen = (Target) table.getSelection()[0].getData();
            super.okPressed();
        }
    }
}
