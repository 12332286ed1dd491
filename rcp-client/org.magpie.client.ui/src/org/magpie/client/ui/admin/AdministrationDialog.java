package org.magpie.client.ui.admin;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.dialogs.IDialogConstants;
import org.eclipse.jface.dialogs.MessageDialog;
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
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.TabFolder;
import org.eclipse.swt.widgets.TabItem;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.eclipse.swt.widgets.TableItem;
import org.eclipse.swt.widgets.Text;
import org.magpie.client.model.AdministrationPresenter;
import org.magpie.client.model.AdministrationPresenter.Task;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.login.LoginDialog;

/**
 * Server administration (File > Server Administration…, for administrators): the server's plugins
 * with Enable and Disable (disabling asks first), adding users and changing passwords, logging out
 * and deleting accounts, and announcements. Modeless, so chatting goes on beside it. Each task says
 * under its button how it went, in the server's words when it gave any.
 */
public final class AdministrationDialog extends Dialog implements AdministrationPresenter.View {

    static final RGB OK = new RGB(0x2e, 0x7d, 0x32);
    static final RGB FAILED = new RGB(0xc6, 0x28, 0x28);

    private final Messages messages;
    private final Function<AdministrationPresenter.View, AdministrationPresenter> presenters;
    private AdministrationPresenter presenter;
    private final Map<Task, Label> outcomes = new EnumMap<>(Task.class);
    private final Map<Task, Control[]> buttons = new EnumMap<>(Task.class);
    private Color ok;
    private Color failed;

    private TabFolder tabs;
    private Table table;
    private Button enable;
    private Button disable;
    private Button refresh;
    private Button reload;
    private Text addAccount;
    private Text addNickname;
    private Text addPassword;
    private Text addConfirm;
    private Button add;
    private Text pwAccount;
    private Text pwPassword;
    private Text pwConfirm;
    private Button change;
    private Text accounts;
    private Button endSessions;
    private Button delete;
    private Text subject;
    private Text announcement;
    private Button announce;

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
        ok = new Color(OK);
        failed = new Color(FAILED);
        Composite area = (Composite) super.createDialogArea(parent);
        tabs = new TabFolder(area, SWT.TOP);
        GridDataFactory.fillDefaults().grab(true, true).hint(560, SWT.DEFAULT).applyTo(tabs);
        pluginsTab(tab("admin.tab.plugins"));
        usersTab(tab("admin.tab.users"));
        accountsTab(tab("admin.tab.accounts"));
        announceTab(tab("admin.tab.announce"));
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

    private void pluginsTab(Composite page) {
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).spacing(8, 8).applyTo(page);
        table = new Table(page, SWT.BORDER | SWT.SINGLE | SWT.FULL_SELECTION);
        table.setHeaderVisible(true);
        table.setLinesVisible(true);
        GridDataFactory.fillDefaults().grab(true, true).hint(400, 240).span(1, 5).applyTo(table);
        column("admin.col.name", 130);
        column("admin.col.version", 160);
        column("admin.col.state", 110);
        enable = button(page, "admin.enable", () -> presenter.switchPlugin(selected(), true));
        disable = button(page, "admin.disable", this::confirmDisable);
        refresh = button(page, "admin.refresh", () -> presenter.refresh());
        reload = button(page, "admin.reload", () -> presenter.reloadWords());
        reload.setToolTipText(messages.get("admin.reload.tip"));
        new Label(page, SWT.NONE); // fills the button column
        table.addListener(SWT.Selection, e -> updateSwitches());
        outcome(page, Task.PLUGINS, 2);
        buttons.put(Task.PLUGINS, new Control[] {enable, disable, refresh, reload});
        updateSwitches();
    }

    private void column(String key, int width) {
        TableColumn c = new TableColumn(table, SWT.LEFT);
        c.setText(messages.get(key));
        c.setWidth(width);
    }

    private void usersTab(Composite page) {
        Group adding = group(page, "admin.add.group");
        addAccount = field(adding, "admin.field.account", SWT.NONE);
        addAccount.setMessage(messages.get("admin.account.hint"));
        addNickname = field(adding, "admin.field.nickname", SWT.NONE);
        addPassword = field(adding, "admin.field.password", SWT.PASSWORD);
        addConfirm = field(adding, "admin.field.confirm", SWT.PASSWORD);
        add = button(adding, "admin.add.button", () -> presenter.addUser(addAccount.getText(), addPassword.getText(),
                addConfirm.getText(), addNickname.getText()));
        GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(add);
        outcome(adding, Task.ADD_USER, 2);
        buttons.put(Task.ADD_USER, new Control[] {add});

        Group password = group(page, "admin.password.group");
        pwAccount = field(password, "admin.field.account", SWT.NONE);
        pwAccount.setMessage(messages.get("admin.account.hint"));
        pwPassword = field(password, "admin.field.newpassword", SWT.PASSWORD);
        pwConfirm = field(password, "admin.field.confirm", SWT.PASSWORD);
        change = button(password, "admin.password.button", () -> presenter.changePassword(pwAccount.getText(),
                pwPassword.getText(), pwConfirm.getText()));
        GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(change);
        outcome(password, Task.CHANGE_PASSWORD, 2);
        buttons.put(Task.CHANGE_PASSWORD, new Control[] {change});
    }

    private void accountsTab(Composite page) {
        Label intro = new Label(page, SWT.WRAP);
        intro.setText(messages.get("admin.accounts.intro"));
        GridDataFactory.fillDefaults().grab(true, false).hint(480, SWT.DEFAULT).applyTo(intro);
        accounts = new Text(page, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
        accounts.setMessage(messages.get("admin.accounts.hint"));
        accounts.setData(LoginDialog.FIELD, "admin.accounts");
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 110).applyTo(accounts);
        Composite row = new Composite(page, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).spacing(8, 0).applyTo(row);
        GridDataFactory.swtDefaults().align(SWT.END, SWT.CENTER).applyTo(row);
        endSessions = button(row, "admin.end.button", () -> presenter.endSessions(accounts.getText()));
        delete = button(row, "admin.delete.button", this::confirmDelete);
        Label result = outcome(page, Task.END_SESSIONS, 1);
        outcomes.put(Task.DELETE_USERS, result);
        buttons.put(Task.END_SESSIONS, new Control[] {endSessions, delete});
        buttons.put(Task.DELETE_USERS, new Control[] {endSessions, delete});
    }

    private void announceTab(Composite page) {
        GridLayoutFactory.swtDefaults().numColumns(2).margins(10, 10).spacing(8, 8).applyTo(page);
        subject = field(page, "admin.subject", SWT.NONE);
        Label textLabel = new Label(page, SWT.NONE);
        textLabel.setText(messages.get("admin.text"));
        GridDataFactory.swtDefaults().align(SWT.BEGINNING, SWT.BEGINNING).applyTo(textLabel);
        announcement = new Text(page, SWT.BORDER | SWT.MULTI | SWT.V_SCROLL | SWT.WRAP);
        announcement.setData(LoginDialog.FIELD, "admin.text");
        GridDataFactory.fillDefaults().grab(true, true).hint(SWT.DEFAULT, 120).applyTo(announcement);
        announce = button(page, "admin.announce.button", () -> presenter.announce(subject.getText(), announcement.getText()));
        GridDataFactory.swtDefaults().span(2, 1).align(SWT.END, SWT.CENTER).applyTo(announce);
        outcome(page, Task.ANNOUNCE, 2);
        buttons.put(Task.ANNOUNCE, new Control[] {announce});
    }

    private Group group(Composite page, String key) {
        Group g = new Group(page, SWT.NONE);
        g.setText(messages.get(key));
        GridLayoutFactory.swtDefaults().numColumns(2).margins(8, 8).spacing(8, 6).applyTo(g);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(g);
        return g;
    }

    private Text field(Composite parent, String key, int style) {
        Label label = new Label(parent, SWT.NONE);
        label.setText(messages.get(key));
        Text text = new Text(parent, SWT.BORDER | SWT.SINGLE | style);
        text.setData(LoginDialog.FIELD, key);
        GridDataFactory.fillDefaults().grab(true, false).hint(260, SWT.DEFAULT).applyTo(text);
        return text;
    }

    private Button button(Composite parent, String key, Runnable action) {
        Button b = new Button(parent, SWT.PUSH);
        b.setText(messages.get(key));
        b.setData(LoginDialog.FIELD, key);
        GridDataFactory.fillDefaults().applyTo(b);
        b.addListener(SWT.Selection, e -> action.run());
        return b;
    }

    private Label outcome(Composite parent, Task task, int span) {
        Label label = new Label(parent, SWT.WRAP);
        GridDataFactory.fillDefaults().grab(true, false).span(span, 1).hint(480, SWT.DEFAULT).applyTo(label);
        outcomes.put(task, label);
        return label;
    }

    // ------------------------------------------------------------------ actions

    private String selected() {
        TableItem[] s = table.getSelection();
        return s.length == 0 ? null : ((PluginInfo) s[0].getData()).name();
    }

    private PluginInfo selectedPlugin() {
        TableItem[] s = table.getSelection();
        return s.length == 0 ? null : (PluginInfo) s[0].getData();
    }

    private void updateSwitches() {
        PluginInfo p = selectedPlugin();
        enable.setEnabled(p != null && !p.enabled());
        disable.setEnabled(p != null && p.enabled() && p.switchable());
    }

    private void confirmDisable() {
        String name = selected();
        if (name != null && MessageDialog.openConfirm(getShell(), messages.get("admin.disable.title"),
                presenter.disableQuestion(name))) {
            presenter.switchPlugin(name, false);
        }
    }

    private void confirmDelete() {
        String question = presenter.deleteQuestion(accounts.getText());
        if (question == null) {
            presenter.deleteUsers(accounts.getText()); // says what is missing
            return;
        }
        if (MessageDialog.openConfirm(getShell(), messages.get("admin.delete.title"), question)) {
            presenter.deleteUsers(accounts.getText());
        }
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
        if (closed && ok != null) {
            ok.dispose();
            failed.dispose();
        }
        return closed;
    }

    // ------------------------------------------------------------------ AdministrationPresenter.View (UI thread)

    @Override
    public void plugins(List<PluginInfo> plugins) {
        if (table == null || table.isDisposed()) {
            return;
        }
        String before = selected();
        Label line = outcomes.get(Task.PLUGINS);
        if (line.getText().equals(messages.get("admin.busy"))) {
            line.setText("");
        }
        table.removeAll();
        for (PluginInfo p : plugins) {
            TableItem item = new TableItem(table, SWT.NONE);
            item.setText(new String[] {p.name(), p.version(),
                    messages.get(p.enabled() ? "admin.state.enabled" : "admin.state.disabled")});
            item.setForeground(2, p.enabled() ? ok : failed);
            item.setData(p);
            if (p.name().equals(before)) {
                table.setSelection(item);
            }
        }
        updateSwitches();
    }

    @Override
    public void busy(Task task, boolean busy) {
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
        if (!busy && task == Task.PLUGINS && !table.isDisposed()) {
            updateSwitches();
        }
    }

    @Override
    public void outcome(Task task, boolean success, String text) {
        Label label = outcomes.get(task);
        if (label == null || label.isDisposed()) {
            return;
        }
        label.setForeground(success ? ok : failed);
        label.setText(text);
        label.getParent().layout(true);
        if (success) {
            clearInputs(task);
        }
    }

    /** A task that worked leaves its passwords (and the announcement) behind no more. */
    private void clearInputs(Task task) {
        switch (task) {
            case ADD_USER -> {
                addPassword.setText("");
                addConfirm.setText("");
            }
            case CHANGE_PASSWORD -> {
                pwPassword.setText("");
                pwConfirm.setText("");
            }
            case ANNOUNCE -> {
                subject.setText("");
                announcement.setText("");
            }
            default -> {
            }
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
        return table;
    }

    /** The outcome line of a task. */
    public Label outcome(Task task) {
        return outcomes.get(task);
    }

    public Button enableButton() {
        return enable;
    }

    public Button disableButton() {
        return disable;
    }

    /** The add-user fields: account, nickname, password, confirmation. */
    public Text[] addUserFields() {
        return new Text[] {addAccount, addNickname, addPassword, addConfirm};
    }

    public Button addButton() {
        return add;
    }

    /** The change-password fields: account, password, confirmation. */
    public Text[] passwordFields() {
        return new Text[] {pwAccount, pwPassword, pwConfirm};
    }

    public Button changeButton() {
        return change;
    }

    public Text accounts() {
        return accounts;
    }

    public Button endSessionsButton() {
        return endSessions;
    }

    public Button deleteButton() {
        return delete;
    }

    public Text subject() {
        return subject;
    }

    public Text announcement() {
        return announcement;
    }

    public Button announceButton() {
        return announce;
    }
}
