package org.magpie.client.ui.admin;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.ui.login.LoginDialog;

/** Logging accounts out and deleting them (deleting asks first); one line tells how either went. */
final class AccountsTab {

    private final TaskControls controls;
    private final AdministrationPresenter presenter;
    final Text accounts;
    final Button endSessions;
    final Button delete;

    AccountsTab(Composite page, TaskControls controls, AdministrationPresenter presenter) {
        this.controls = controls;
        this.presenter = presenter;
        Label intro = new Label(page, SWT.WRAP);
        intro.setText(controls.messages().get("admin.accounts.intro"));
        GridDataFactory.fillDefaults().grab(true, false).hint(480, SWT.DEFAULT).applyTo(intro);
        accounts = new Text(page, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
        accounts.setMessage(controls.messages().get("admin.accounts.hint"));
        accounts.setData(LoginDialog.FIELD, "admin.accounts");
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 110).applyTo(accounts);
        Composite row = new Composite(page, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).spacing(8, 0).applyTo(row);
        GridDataFactory.swtDefaults().align(SWT.END, SWT.CENTER).applyTo(row);
        endSessions = controls.button(row, "admin.end.button", () -> presenter.endSessions(accounts.getText()));
        delete = controls.button(row, "admin.delete.button", this::confirmDelete);
        controls.outcome(page, 1, Task.END_SESSIONS, Task.DELETE_USERS);
        controls.buttons(Task.END_SESSIONS, endSessions, delete);
        controls.buttons(Task.DELETE_USERS, endSessions, delete);
    }

    private void confirmDelete() {
        String question = presenter.deleteQuestion(accounts.getText());
        if (question == null) {
            presenter.deleteUsers(accounts.getText()); // says what is missing
            return;
        }
        if (MessageDialog.openConfirm(accounts.getShell(), controls.messages().get("admin.delete.title"), question)) {
            presenter.deleteUsers(accounts.getText());
        }
    }
}
