package org.magpie.client.ui.parts;

import java.util.LinkedHashMap;
import java.util.Map;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.magpie.client.model.FilesPresenter;
import org.magpie.client.model.TransferPresenter;
import org.magpie.client.service.Transfer;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * The transfers of a chat, one row each above the input: what is sent or downloaded, a progress
 * bar, "12.5 MB / 200 MB · 3.2 MB/s", and Cancel (pauses, to be resumed), Resume and Discard as
 * the state allows. Hidden while there is none. It spans the two columns of its parent's grid.
 */
public final class TransferBar {

    private final Composite area;
    private final FilesPresenter files;
    private final TransferPresenter texts;
    private final Messages messages;
    private final Map<String, Row> rows = new LinkedHashMap<>();

    /** One transfer's row. */
    public static final class Row {
        public final Composite composite;
        public final Label title;
        public final ProgressBar bar;
        public final Label progress;
        public final Button cancel;
        public final Button resume;
        public final Button discard;

        Row(Composite composite, Label title, ProgressBar bar, Label progress, Button cancel, Button resume,
                Button discard) {
            this.composite = composite;
            this.title = title;
            this.bar = bar;
            this.progress = progress;
            this.cancel = cancel;
            this.resume = resume;
            this.discard = discard;
        }
    }

    TransferBar(Composite parent, FilesPresenter files, Messages messages) {
        this.files = files;
        this.texts = files.progress();
        this.messages = messages;
        area = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().spacing(0, 2).applyTo(area);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).exclude(true).applyTo(area);
        area.setVisible(false);
    }

    /** Shows a transfer's new state: adds, updates or removes its row. */
    void show(Transfer t) {
        if (area.isDisposed()) {
            return;
        }
        boolean shown = files.transfers(t.conversation()).stream().anyMatch(x -> x.id().equals(t.id()));
        Row row = rows.get(t.id());
        if (!shown) {
            if (row != null) {
                row.composite.dispose();
                rows.remove(t.id());
                relayout();
            }
            return;
        }
        if (row == null) {
            row = create(t);
            rows.put(t.id(), row);
        }
        row.title.setText(texts.title(t));
        int percent = texts.percent(t);
        row.bar.setSelection(Math.max(0, percent));
        row.bar.setState(t.state() == Transfer.State.PAUSED ? SWT.PAUSED
                : t.state() == Transfer.State.FAILED ? SWT.ERROR : SWT.NORMAL);
        String line = texts.progress(t);
        if (t.state() == Transfer.State.FAILED && t.failure() != null) {
            line = line + ": " + files.failureText(t.failure());
        }
        row.progress.setText(line);
        row.progress.setToolTipText(line);
        visible(row.cancel, texts.canPause(t));
        visible(row.resume, texts.canResume(t));
        visible(row.discard, t.state() == Transfer.State.PAUSED || t.state() == Transfer.State.FAILED);
        relayout();
    }

    private Row create(Transfer t) {
        Composite c = new Composite(area, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(6).margins(0, 2).spacing(8, 0).applyTo(c);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(c);
        Label title = new Label(c, SWT.NONE);
        title.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        GridDataFactory.fillDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(180, SWT.DEFAULT).applyTo(title);
        ProgressBar bar = new ProgressBar(c, SWT.HORIZONTAL | SWT.SMOOTH);
        bar.setMaximum(100);
        GridDataFactory.fillDefaults().grab(true, false).align(SWT.FILL, SWT.CENTER).hint(120, SWT.DEFAULT).applyTo(bar);
        Label progress = new Label(c, SWT.NONE);
        GridDataFactory.fillDefaults().align(SWT.BEGINNING, SWT.CENTER).hint(230, SWT.DEFAULT).applyTo(progress);
        Button cancel = button(c, "files.cancel", "files.cancel.tip", () -> files.pause(t));
        Button resume = button(c, "files.resume", "files.resume.tip", () -> files.resume(t));
        Button discard = button(c, "files.discard", "files.discard.tip", () -> files.discard(t));
        c.setData(LoginDialog.FIELD, "transfer:" + t.id());
        return new Row(c, title, bar, progress, cancel, resume, discard);
    }

    private Button button(Composite c, String key, String tip, Runnable action) {
        Button b = new Button(c, SWT.PUSH);
        b.setText(messages.get(key));
        b.setToolTipText(messages.get(tip));
        b.setData(LoginDialog.FIELD, key);
        b.addListener(SWT.Selection, e -> action.run());
        GridDataFactory.fillDefaults().align(SWT.END, SWT.CENTER).applyTo(b);
        return b;
    }

    private static void visible(Button b, boolean visible) {
        b.setVisible(visible);
        ((GridData) b.getLayoutData()).exclude = !visible;
    }

    private void relayout() {
        boolean any = !rows.isEmpty();
        area.setVisible(any);
        ((GridData) area.getLayoutData()).exclude = !any;
        area.getParent().layout(true, true);
    }

    /** The row of a transfer, or null (tests). */
    public Row row(String transferId) {
        return rows.get(transferId);
    }

    /** The rows shown, oldest first (tests). */
    public java.util.List<Row> rows() {
        return java.util.List.copyOf(rows.values());
    }

    public Composite area() {
        return area;
    }
}
