package org.magpie.client.ui.parts;

import java.util.List;

import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.MessengerPresenter;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.jface.viewers.ArrayContentProvider;
import org.eclipse.jface.viewers.TableViewer;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.magpie.client.ui.Messages;

/**
 * The contacts list (part {@code org.magpie.client.ui.part.contacts}). A placeholder for now: an
 * empty list; the roster presenter of org.magpie.client.model fills {@link #viewer()} later.
 */
public class ContactsPart {

    private TableViewer viewer;
    private Label placeholder;

    @Inject
    @Optional
    MessengerPresenter presenter;

    private Text account;

    @PostConstruct
    public void createControls(Composite parent, Messages messages) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        // until friends exist: open a chat by typing the other account's name
        Composite chatWith = new Composite(parent, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(chatWith);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(chatWith);
        Label title = new Label(chatWith, SWT.NONE);
        title.setText(messages.get("contacts.chatwith"));
        GridDataFactory.fillDefaults().span(2, 1).applyTo(title);
        account = new Text(chatWith, SWT.BORDER | SWT.SINGLE);
        account.setMessage(messages.get("contacts.chatwith.hint"));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(account);
        Button open = new Button(chatWith, SWT.PUSH);
        open.setText(messages.get("contacts.chatwith.open"));
        open.setEnabled(presenter != null);
        open.addListener(SWT.Selection, e -> openChat());
        account.addListener(SWT.DefaultSelection, e -> openChat());

        placeholder = new Label(parent, SWT.WRAP);
        placeholder.setText(messages.get("contacts.empty"));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(placeholder);
        viewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getControl());
    }

    private void openChat() {
        String typed = account.getText().strip();
        if (presenter != null && !typed.isEmpty()) {
            presenter.openChat(typed);
            account.setText("");
        }
    }

    /** The "chat with account" field. */
    public Text accountField() {
        return account;
    }

    public TableViewer viewer() {
        return viewer;
    }

    public Label placeholder() {
        return placeholder;
    }

    @Focus
    public void setFocus() {
        account.setFocus();
    }
}
