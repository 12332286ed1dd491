package org.magpie.client.ui.admin;

import java.util.List;
import java.util.function.Function;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.ui.Messages;

/**
 * Server administration (File > Server Administration…, for administrators), one tab each: the
 * server's plugins ({@link PluginsTab}), adding users and changing passwords ({@link UsersTab}),
 * logging out and deleting accounts ({@link AccountsTab}), and announcements ({@link AnnounceTab}).
 * Modeless, so chatting goes on beside it. Each task says under its button how it went, in the
 * server's words when it gave any ({@link TaskControls}).
 */
public final class AdministrationDialog extends Dialog implements AdministrationPresenter.View {

    private final Messages messages;
    private final Function<AdministrationPresenter.View, AdministrationPresenter> presenters;
    private AdministrationPresenter presenter;
    private TaskControls controls;
    private TabFolder tabs;
    private PluginsTab plugins;
    private UsersTab users;
    private AccountsTab accounts;
    private AnnounceTab announce;

    public AdministrationDialog(Shell parent, Messages messages,
            Function<AdministrationPresenter.View, AdministrationPresenter> presenters) {
        super(parent);
        this.messages = messages;
        this.presenters = presenters;
        setShellStyle(SWT.DIALOG_TRIM | SWT.RESIZE | SWT.MODELESS);
        setBlockOnOpen(false);
    }

    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(messages.get("admin.window"));
        shell.setData(this);
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        presenter = presenters.apply(this);
        controls = new TaskControls(messages);
        Composite area = (Composite) super.createDialogArea(parent);
        tabs = new TabFolder(area, SWT.TOP);
        GridDataFactory.fillDefaults().grab(true, true).hint(560, SWT.DEFAULT).applyTo(tabs);
        plugins = new PluginsTab(tab("admin.tab.plugins"), controls, presenter);
        users = new UsersTab(tab("admin.tab.users"), controls, presenter);
        accounts = new AccountsTab(tab("admin.tab.accounts"), controls, presenter);
        announce = new AnnounceTab(tab("admin.tab.announce"), controls, presenter);
        presenter.refresh();
        return area;
    }

    private Composite tab(String key) {
        TabItem item = new TabItem(tabs, SWT.NONE);
        item.setText(messages.get(key));
        Composite page = new Composite(tabs, SWT.NONE);
        GridLayoutFactory.swtDefaults().margins(10, 10).spacing(8, 8).applyTo(page);
        item.setControl(page);
        return page;
    }

    @Override
    protected void createButtonsForButtonBar(Composite parent) {
        createButton(parent, IDialogConstants.CLOSE_ID, messages.get("button.close"), true);
    }

    @Override
    protected void buttonPressed(int buttonId) {
        if (buttonId == IDialogConstants.CLOSE_ID) {
            close();
            return;
        }
        super.buttonPressed(buttonId);
    }

    @Override
    public boolean close() {
        boolean closed = super.close();
        if (closed && controls != null) {
            controls.dispose();
        }
        return closed;
    }

    // ------------------------------------------------------------------ AdministrationPresenter.View (UI thread)

    @Override
    public void plugins(List<PluginInfo> list) {
        if (plugins != null) {
            plugins.show(list);
        }
    }

    @Override
    public void busy(Task task, boolean busy) {
        controls.busy(task, busy);
        if (!busy && task == Task.PLUGINS) {
            plugins.updateSwitches();
        }
    }

    @Override
    public void outcome(Task task, boolean success, String text) {
        if (controls.outcome(task, success, text) && success) {
            users.succeeded(task);
            announce.succeeded(task);
        }
    }

    // ------------------------------------------------------------------ for tests

    public AdministrationPresenter presenter() {
        return presenter;
    }

    public TabFolder tabs() {
        return tabs;
    }

    public Table table() {
        return plugins.table();
    }

    /** The outcome line of a task. */
    public Label outcome(Task task) {
        return controls.outcome(task);
    }

    public Button enableButton() {
        return plugins.enable();
    }

    public Button disableButton() {
        return plugins.disable();
    }

    /** The add-user fields: account, nickname, password, confirmation. */
    public Text[] addUserFields() {
        return new Text[] {users.addAccount, users.addNickname, users.addPassword, users.addConfirm};
    }

    public Button addButton() {
        return users.add;
    }

    /** The change-password fields: account, password, confirmation. */
    public Text[] passwordFields() {
        return new Text[] {users.pwAccount, users.pwPassword, users.pwConfirm};
    }

    public Button changeButton() {
        return users.change;
    }

    public Text accounts() {
        return accounts.accounts;
    }

    public Button endSessionsButton() {
        return accounts.endSessions;
    }

    public Button deleteButton() {
        return accounts.delete;
    }

    public Text subject() {
        return announce.subject;
    }

    public Text announcement() {
        return announce.announcement;
    }

    public Button announceButton() {
        return announce.announce;
    }
}
