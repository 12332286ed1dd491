package org.magpie.client.ui.admin;

import java.util.List;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.service.PluginInfo;

/** The server's plugins with Enable and Disable (disabling asks first), Refresh and the word filter's Reload. */
final class PluginsTab {

    private final TaskControls controls;
    private final AdministrationPresenter presenter;
    private final Table table;
    private final Button enable;
    private final Button disable;

    PluginsTab(Composite page, TaskControls controls, AdministrationPresenter presenter) {
        this.controls = controls;
        this.presenter = presenter;
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).spacing(8, 8).applyTo(page);
        table = new Table(page, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).hint(400, 240).span(1, 5).applyTo(table);
        column("admin.col.name", 130);
        column("admin.col.version", 160);
        column("admin.col.state", 110);
        enable = controls.button(page, "admin.enable", () -> presenter.switchPlugin(selected(), true));
        disable = controls.button(page, "admin.disable", this::confirmDisable);
        Button refresh = controls.button(page, "admin.refresh", presenter::refresh);
        Button reload = controls.button(page, "admin.reload", presenter::reloadWords);
        reload.setToolTipText(controls.messages().get("admin.reload.tip"));
        new Label(page, SWT.NONE); // fills the button column
        table.addListener(SWT.Selection, e -> updateSwitches());
        controls.outcome(page, 2, Task.PLUGINS);
        controls.buttons(Task.PLUGINS, enable, disable, refresh, reload);
        updateSwitches();
    }

    private void column(String key, int width) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(controls.messages().get(key));
        c.setWidth(width);
    }

    private PluginInfo selectedPlugin() {
        TableItem[] s = table.getSelection();
        return s.length == 0 ? null : (PluginInfo) s[0].getData();
    }

    private String selected() {
        PluginInfo p = selectedPlugin();
        return p == null ? null : p.name();
    }

    /** Enable for a disabled plugin, Disable for an enabled one the server lets switch off. */
    void updateSwitches() {
        if (table.isDisposed()) {
            return;
        }
        PluginInfo p = selectedPlugin();
        enable.setEnabled(p != null && !p.enabled());
        disable.setEnabled(p != null && p.enabled() && p.switchable());
    }

    private void confirmDisable() {
        String name = selected();
        if (name != null && MessageDialog.openConfirm(table.getShell(), controls.messages().get("admin.disable.title"),
                presenter.disableQuestion(name))) {
            presenter.switchPlugin(name, false);
        }
    }

    /** Shows the plugins, keeping the selection. */
    void show(List<PluginInfo> plugins) {
        if (table.isDisposed()) {
            return;
        }
        String before = selected();
        Label line = controls.outcome(Task.PLUGINS);
        if (line.getText().equals(controls.messages().get("admin.busy"))) {
            line.setText("");
        }
        table.removeAll();
        for (PluginInfo p : plugins) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {p.name(), p.version(),
                    controls.messages().get(p.enabled() ? "admin.state.enabled" : "admin.state.disabled")});
            item.setForeground(2, p.enabled() ? controls.ok() : controls.failed());
            item.setData(p);
            if (p.name().equals(before)) {
                table.setSelection(item);
            }
        }
        updateSwitches();
    }

    Table table() {
        return table;
    }

    Button enable() {
        return enable;
    }

    Button disable() {
        return disable;
    }
}
