package org.magpie.client.ui.login;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.ui.Messages;

/** The labelled text fields of the login and registration dialogs. */
final class FormFields {

    private FormFields() {
    }

    /** A label and a one-line text field spanning {@code span} columns, named {@code key} for tests. */
    static Text field(Composite form, Messages messages, String key, int style, int span) {
        Label label = new Label(form, SWT.NONE);
        label.setText(messages.get(key));
        Text text = new Text(form, SWT.BORDER | SWT.SINGLE | style);
        GridDataFactory.fillDefaults().grab(true, false).span(span, 1).hint(220, SWT.DEFAULT).applyTo(text);
        text.setData(LoginDialog.FIELD, key);
        return text;
    }

    /** Enables or disables the controls while the server is being asked. */
    static void enable(boolean enabled, Control... controls) {
        for (Control c : controls) {
            if (c != null && !c.isDisposed()) {
                c.setEnabled(enabled);
            }
        }
    }
}
