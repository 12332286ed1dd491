package org.magpie.client.ui;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.ui.login.LoginDialog;

/** The labelled text fields of the client's dialogs. */
public final class FormFields {

    private FormFields() {
    }

    /** A label and a one-line text field spanning {@code span} columns, named {@code key} for tests. */
    public static Text field(Composite form, Messages messages, String key, int style, int span) {
        Label label = new Label(form, SWT.NONE);
        label.setText(messages.get(key));
        Text text = new Text(form, SWT.BORDER | SWT.SINGLE | style);
        GridDataFactory.fillDefaults().grab(true, false).span(span, 1).hint(220, SWT.DEFAULT).applyTo(text);
        text.setData(LoginDialog.FIELD, key);
        return text;
    }

    /**
     * A label and a one-line text field whose hint text is {@code key + ".hint"}, named {@code key}
     * for tests; {@code width} may be {@link SWT#DEFAULT}.
     */
    public static Text hintedField(Composite form, Messages messages, String labelKey, String key, int width) {
        new Label(form, SWT.NONE).setText(messages.get(labelKey));
        Text text = new Text(form, SWT.BORDER | SWT.SINGLE);
        text.setMessage(messages.get(key + ".hint"));
        text.setData(LoginDialog.FIELD, key);
        GridDataFactory.fillDefaults().grab(true, false).hint(width, SWT.DEFAULT).applyTo(text);
        return text;
    }

    /** Enables or disables the controls while the server is being asked. */
    public static void enable(boolean enabled, Control... controls) {
        for (Control c : controls) {
            if (c != null && !c.isDisposed()) {
                c.setEnabled(enabled);
            }
        }
    }
}
