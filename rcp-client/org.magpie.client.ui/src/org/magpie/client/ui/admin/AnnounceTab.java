package org.magpie.client.ui.admin;

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

/** An announcement to everyone online: a subject and a text, cleared once it went out. */
final class AnnounceTab {

    final Text subject;
    final Text announcement;
    final Button announce;

    AnnounceTab(Composite page, TaskControls controls, AdministrationPresenter presenter) {
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).spacing(8, 8).applyTo(page);
        subject = controls.field(page, "admin.subject", SWT.NONE);
        Label textLabel = new Label(page, SWT.NONE);
        textLabel.setText(controls.messages().get("admin.text"));
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(textLabel);
        announcement = new Text(page, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
        announcement.setData(LoginDialog.FIELD, "admin.text");
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 120).applyTo(announcement);
        announce = controls.button(page, "admin.announce.button",
                () -> presenter.announce(subject.getText(), announcement.getText()));
        GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(announce);
        controls.outcome(page, 2, Task.ANNOUNCE);
        controls.buttons(Task.ANNOUNCE, announce);
    }

    /** It went out: the fields are cleared for the next one. */
    void succeeded(Task task) {
        if (task == Task.ANNOUNCE) {
            subject.setText("");
            announcement.setText("");
        }
    }
}
