package org.magpie.client.ui.parts;

import java.util.List;

import jakarta.annotation.PostConstruct;

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

    @PostConstruct
    public void createControls(Composite parent, Messages messages) {
        GridLayoutFactory.fillDefaults().margins(4, 4).applyTo(parent);
        placeholder = new Label(parent, SWT.WRAP);
        placeholder.setText(messages.get("contacts.empty"));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(placeholder);
        viewer = new TableViewer(parent, SWT.SINGLE | SWT.FULL_SELECTION | SWT.V_SCROLL);
        viewer.setContentProvider(ArrayContentProvider.getInstance());
        viewer.setInput(List.of());
        GridDataFactory.fillDefaults().grab(true, true).applyTo(viewer.getControl());
    }

    public TableViewer viewer() {
        return viewer;
    }

    public Label placeholder() {
        return placeholder;
    }

    @Focus
    public void setFocus() {
        viewer.getControl().setFocus();
    }
}
