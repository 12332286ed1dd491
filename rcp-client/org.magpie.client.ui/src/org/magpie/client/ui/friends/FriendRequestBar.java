package org.magpie.client.ui.friends;

import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.resource.JFaceResources;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.Color;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.layout.GridData;
import org.eclipse.jface.dialogs.MessageDialog;
import org.magpie.client.model.FriendRequestsPresenter;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.ui.Messages;

/**
 * The friend-request notification at the top of the contacts list: who asks, their greeting, how
 * many wait, and Accept / Reject / Later. Not modal: the user may chat first and answer later. It
 * hides itself when no request waits.
 */
public final class FriendRequestBar implements FriendRequestsPresenter.View {

    private static final RGB BACKGROUND = new RGB(0xfd, 0xf6, 0xdc);
    private static final RGB BORDER = new RGB(0xe0, 0xc8, 0x70);

    private final Composite bar;
    private final Label text;
    private final Label greeting;
    private final Label queue;
    private final Button accept;
    private final Button reject;
    private final Button later;
    private final Color background;
    private final Color border;
    private FriendRequestsPresenter presenter;

    public FriendRequestBar(Composite parent, Messages messages) {
        background = new Color(BACKGROUND);
        border = new Color(BORDER);
        bar = new Composite(parent, SWT.NONE);
        bar.setBackground(background);
        bar.setBackgroundMode(SWT.INHERIT_FORCE);
        GridLayoutFactory.fillDefaults().margins(8, 6).spacing(6, 4).applyTo(bar);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(bar);
        bar.addListener(SWT.Paint, e -> {
            e.gc.setForeground(border);
            org.eclipse.swt.graphics.Point size = bar.getSize();
            e.gc.drawRectangle(0, 0, size.x - 1, size.y - 1);
        });
        bar.addListener(SWT.Resize, e -> bar.redraw()); // the border follows the size

        text = new Label(bar, SWT.WRAP);
        text.setFont(JFaceResources.getFontRegistry().getBold(JFaceResources.DEFAULT_FONT));
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(text);
        greeting = new Label(bar, SWT.WRAP);
        greeting.setFont(JFaceResources.getFontRegistry().getItalic(JFaceResources.DEFAULT_FONT));
        GridDataFactory.fillDefaults().grab(true, false).hint(100, SWT.DEFAULT).applyTo(greeting);

        // the count on a line of its own: next to the buttons a narrow contacts pane would clip it
        queue = new Label(bar, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(queue);
        Composite buttons = new Composite(bar, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(3).equalWidth(true).spacing(6, 0).applyTo(buttons);
        GridDataFactory.swtDefaults().align(SWT.END, SWT.CENTER).grab(true, false).applyTo(buttons);
        accept = button(buttons, messages.get("request.accept"), () -> presenter.accept());
        reject = button(buttons, messages.get("request.reject"), () -> presenter.reject());
        later = button(buttons, messages.get("request.later"), () -> presenter.later());
        accept.setToolTipText(messages.get("request.accept.tip"));
        reject.setToolTipText(messages.get("request.reject.tip"));
        later.setToolTipText(messages.get("request.later.tip"));
        bar.addDisposeListener(e -> {
            background.dispose();
            border.dispose();
        });
        setVisible(false);
    }

    private Button button(Composite parent, String label, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(label);
        b.addListener(SWT.Selection, e -> {
            if (presenter != null) {
                action.run();
            }
        });
        GridDataFactory.fillDefaults().hint(Math.max(64, b.computeSize(SWT.DEFAULT, SWT.DEFAULT).x), SWT.DEFAULT).applyTo(b);
        return b;
    }

    /** The presenter the buttons talk to (it needs this bar as its view first). */
    public void presenter(FriendRequestsPresenter p) {
        this.presenter = p;
    }

    // ------------------------------------------------------------------ FriendRequestsPresenter.View (UI thread)

    @Override
    public void showRequest(FriendRequest request, String line, String words, String count) {
        if (bar.isDisposed()) {
            return;
        }
        text.setText(line);
        greeting.setText(words == null ? "" : "\u201c" + words + "\u201d");
        ((GridData) greeting.getLayoutData()).exclude = words == null;
        greeting.setVisible(words != null);
        queue.setText(count == null ? "" : count);
        ((GridData) queue.getLayoutData()).exclude = count == null;
        queue.setVisible(count != null);
        setVisible(true);
    }

    @Override
    public void hideRequests() {
        if (!bar.isDisposed()) {
            setVisible(false);
        }
    }

    @Override
    public void error(String message) {
        if (!bar.isDisposed()) {
            MessageDialog.openError(bar.getShell(), bar.getShell().getText(), message);
        }
    }

    private void setVisible(boolean visible) {
        ((GridData) bar.getLayoutData()).exclude = !visible;
        bar.setVisible(visible);
        bar.getParent().layout(true, true);
    }

    // ------------------------------------------------------------------ for tests

    public Composite control() {
        return bar;
    }

    public boolean isShowing() {
        return !bar.isDisposed() && bar.isVisible();
    }

    public Label text() {
        return text;
    }

    public Label greeting() {
        return greeting;
    }

    public Label queue() {
        return queue;
    }

    public Button accept() {
        return accept;
    }

    public Button reject() {
        return reject;
    }

    public Button later() {
        return later;
    }
}
