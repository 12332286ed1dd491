package org.magpie.client.ui.admin;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.AdministrationPresenter.Task;

/** Adding a user and changing a user's password; a task that worked leaves its passwords behind no more. */
final class UsersTab {

    final Text addAccount;
    final Text addNickname;
    final Text addPassword;
    final Text addConfirm;
    final Button add;
    final Text pwAccount;
    final Text pwPassword;
    final Text pwConfirm;
    final Button change;

    UsersTab(Composite page, TaskControls controls, AdministrationPresenter presenter) {
        Group adding = controls.group(page, "admin.add.group");
        addAccount = controls.field(adding, "admin.field.account", SWT.NONE);
        addAccount.setMessage(controls.messages().get("admin.account.hint"));
        addNickname = controls.field(adding, "admin.field.nickname", SWT.NONE);
        addPassword = controls.field(adding, "admin.field.password", SWT.PASSWORD);
        addConfirm = controls.field(adding, "admin.field.confirm", SWT.PASSWORD);
        add = controls.button(adding, "admin.add.button", () -> presenter.addUser(addAccount.getText(),
                addPassword.getText(), addConfirm.getText(), addNickname.getText()));
        GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(add);
        controls.outcome(adding, 2, Task.ADD_USER);
        controls.buttons(Task.ADD_USER, add);

        Group password = controls.group(page, "admin.password.group");
        pwAccount = controls.field(password, "admin.field.account", SWT.NONE);
        pwAccount.setMessage(controls.messages().get("admin.account.hint"));
        pwPassword = controls.field(password, "admin.field.newpassword", SWT.PASSWORD);
        pwConfirm = controls.field(password, "admin.field.confirm", SWT.PASSWORD);
        change = controls.button(password, "admin.password.button", () -> presenter.changePassword(pwAccount.getText(),
                pwPassword.getText(), pwConfirm.getText()));
        GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(change);
        controls.outcome(password, 2, Task.CHANGE_PASSWORD);
        controls.buttons(Task.CHANGE_PASSWORD, change);
    }

    /** A task that worked: its passwords are cleared. */
    void succeeded(Task task) {
        if (task == Task.ADD_USER) {
            addPassword.setText("");
            addConfirm.setText("");
        } else if (task == Task.CHANGE_PASSWORD) {
            pwPassword.setText("");
            pwConfirm.setText("");
        }
    }
}
