package org.magpie.client.ui.parts;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.UISynchronize;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.ui.Messages;

/**
 * The status line in the bottom trim (tool control {@code org.magpie.client.ui.toolcontrol.status}):
 * the connection state, and the account when logged in. It follows the {@link MessagingService}
 * (an OSGi service) when there is one; without it, it shows "Offline".
 */
public class StatusLine {

    @Inject
    UISynchronize sync;

    @Inject
    Messages messages;

    private Label dot;
    private Label label;
    private MessagingService service;
    private final MessagingListener listener = new MessagingListener() {
        @Override
        public void stateChanged(ConnectionState state) {
            sync.asyncExec(StatusLine.this::refresh);
        }
    };

    @PostConstruct
    public void createControls(Composite parent) {
        Composite box = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).margins(6, 2).applyTo(box);
        dot = new Label(box, SWT.NONE);
        dot.setText("\u25CF");
        label = new Label(box, SWT.NONE);
        GridDataFactory.fillDefaults().grab(true, false).hint(360, SWT.DEFAULT).applyTo(label);
        refresh();
        // the trim is laid out before the window has its final size; without a window manager
        // (Xvfb) no resize follows and the status line would stay below the visible area
        parent.getDisplay().asyncExec(() -> {
            if (!parent.isDisposed()) {
                parent.getShell().layout(true, true);
            }
        });
    }

    @Inject
    @Optional
    void setService(MessagingService service) {
        if (this.service != null) {
            this.service.removeListener(listener);
        }
        this.service = service;
        if (service != null) {
            service.addListener(listener);
        }
        if (label != null) {
            sync.asyncExec(this::refresh);
        }
    }

    /** Shows the service's current state (UI thread). */
    public void refresh() {
        if (service == null) {
            show(ConnectionState.OFFLINE, null);
        } else {
            show(service.state(), service.account());
        }
    }

    /** Shows {@code state} and, when online, the account (UI thread). */
    public void show(ConnectionState state, String account) {
        if (label == null || label.isDisposed()) {
            return;
        }
        String text = messages.get("status." + state.name());
        if (account != null && state == ConnectionState.ONLINE) {
            text = messages.get("status.account", text, account);
        }
        label.setText(text);
        // online blue, everything else grey (as the contacts list shows friends)
        dot.setForeground(label.getDisplay().getSystemColor(
                state == ConnectionState.ONLINE ? SWT.COLOR_BLUE : SWT.COLOR_DARK_GRAY));
        label.getParent().layout(true);
    }

    public String text() {
        return label.getText();
    }

    /** The widget showing the state (for tests). */
    public Label label() {
        return label;
    }

    @PreDestroy
    void dispose() {
        if (service != null) {
            service.removeListener(listener);
        }
    }
}
