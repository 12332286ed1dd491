package org.magpie.client.ui.admin;

import java.util.EnumMap;
import java.util.Map;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Group;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * The administration window's fields and buttons, and per task the buttons it disables while it
 * runs and the line under them that tells how it went (green or red).
 */
final class TaskControls {

    static final RGB OK = new RGB(0x2e, 0x7d, 0x32);
    static final RGB FAILED = new RGB(0xc6, 0x28, 0x28);

    private final Messages messages;
    private final Map<Task, Label> outcomes = new EnumMap<>(Task.class);
    private final Map<Task, Control[]> buttons = new EnumMap<>(Task.class);
    private final Color ok = new Color(OK);
    private final Color failed = new Color(FAILED);

    TaskControls(Messages messages) {
        this.messages = messages;
    }

    Messages messages() {
        return messages;
    }

    /** The colour of what went well (an enabled plugin, a task that worked). */
    Color ok() {
        return ok;
    }

    /** The colour of what went wrong (a disabled plugin, a task that failed). */
    Color failed() {
        return failed;
    }

    Group group(Composite page, String key) {
        Group g = new Group(page, SWT.NONE);
        g.setText(messages.get(key));
        GridLayoutFactory.swtDefaults().numColumns(2).margins(8, 8).spacing(8, 6).applyTo(g);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(g);
        return g;
    }

    /** A labelled one-line field. */
    Text field(Composite parent, String key, int style) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(messages.get(key));
        Text text = new Text(parent, SWT.BORDER | SWT.SINGLE | style);
        text.setData(LoginDialog.FIELD, key);
        GridDataFactory.fillDefaults().grab(true, false).hint(260, SWT.DEFAULT).applyTo(text);
        return text;
    }

    Button button(Composite parent, String key, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(messages.get(key));
        b.setData(LoginDialog.FIELD, key);
        GridDataFactory.fillDefaults().applyTo(b);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    /** The line that tells how {@code tasks} went (several tasks may share one). */
    Label outcome(Composite parent, int span, Task... tasks) {
        Label label = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(span, 1).hint(480, SWT.DEFAULT).applyTo(label);
        for (Task task : tasks) {
            outcomes.put(task, label);
        }
        return label;
    }

    /** The buttons a task disables while it runs. */
    void buttons(Task task, Control... controls) {
        buttons.put(task, controls);
    }

    Label outcome(Task task) {
        return outcomes.get(task);
    }

    void busy(Task task, boolean busy) {
        Control[] controls = buttons.get(task);
        if (controls == null) {
            return;
        }
        for (Control c : controls) {
            if (!c.isDisposed()) {
                c.setEnabled(!busy);
            }
        }
        Label label = outcomes.get(task);
        // the buttons say it is busy; the line says so too unless it still tells how the last task went
        if (busy && label != null && !label.isDisposed() && label.getText().isEmpty()) {
            label.setForeground(null);
            label.setText(messages.get("admin.busy"));
        }
    }

    /** Tells how a task went; false when its line is gone. */
    boolean outcome(Task task, boolean success, String text) {
        Label label = outcomes.get(task);
        if (label == null || label.isDisposed()) {
            return false;
        }
        label.setForeground(success ? ok : failed);
        label.setText(text);
        label.getParent().layout(true);
        return true;
    }

    void dispose() {
        ok.dispose();
        failed.dispose();
    }
}
