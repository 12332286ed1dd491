package org.magpie.client.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.ServerAdministration;

/**
 * The "Server administration" view's logic: the plugin table with enable and disable, and the user
 * tasks (add, change password, delete, end sessions), announcements and the word-list reload. Input
 * is checked here first; every outcome is one sentence for the user, the server's own words when it
 * sent any (in the user's language).
 */
public final class AdministrationPresenter {

    /** What the view shows an outcome next to. */
    public enum Task {
        PLUGINS, ADD_USER, CHANGE_PASSWORD, DELETE_USERS, END_SESSIONS, ANNOUNCE
    }

    /** What the view does for the presenter; always called through {@link Ui}. */
    public interface View {
        /** The plugins, sorted by name. */
        void plugins(List<PluginInfo> plugins);

        /** A task started (its button should wait) or ended. */
        void busy(Task task, boolean busy);

        /** How a task ended: success or not, and the sentence to show. */
        void outcome(Task task, boolean ok, String text);
    }

    private final ServerAdministration admin;
    private final Texts texts;
    private final Ui ui;
    private final View view;
    private List<PluginInfo> plugins = List.of();

    public AdministrationPresenter(ServerAdministration admin, Texts texts, Ui ui, View view) {
        this.admin = admin;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    /** The plugins last shown. */
    public List<PluginInfo> plugins() {
        return plugins;
    }

    /** Loads the plugin table again. */
    public void refresh() {
        view.busy(Task.PLUGINS, true);
        admin.plugins().whenComplete((list, failure) -> ui.execute(() -> {
            view.busy(Task.PLUGINS, false);
            if (failure != null) {
                view.outcome(Task.PLUGINS, false, texts.get("admin.plugins.failed", describe(failure)));
                return;
            }
            plugins = list.stream().sorted(java.util.Comparator.comparing(PluginInfo::name)).toList();
            view.plugins(plugins);
        }));
    }

    /** The question to confirm before switching a plugin off. */
    public String disableQuestion(String plugin) {
        return texts.get("admin.disable.question", plugin);
    }

    /** Switches a plugin on or off, then shows the table again. */
    public void switchPlugin(String plugin, boolean enabled) {
        if (plugin == null) {
            return;
        }
        run(Task.PLUGINS, admin.switchPlugin(plugin, enabled),
                texts.get(enabled ? "admin.plugin.enabled" : "admin.plugin.disabled", plugin), true);
    }

    public void reloadWords() {
        run(Task.PLUGINS, admin.reloadWords(), texts.get("admin.words.reloaded"), false);
    }

    public void addUser(String account, String password, String confirm, String nickname) {
        String missing = missing(new String[] {account, password, confirm, nickname},
                "field.username", "field.password", "field.confirm", "field.nickname");
        if (missing != null) {
            view.outcome(Task.ADD_USER, false, missing);
            return;
        }
        if (!password.equals(confirm)) {
            view.outcome(Task.ADD_USER, false, texts.get("error.confirm"));
            return;
        }
        run(Task.ADD_USER, admin.addUser(account.strip(), password, nickname.strip()),
                texts.get("admin.user.added", account.strip()), false);
    }

    public void changePassword(String account, String password, String confirm) {
        String missing = missing(new String[] {account, password, confirm}, "field.username", "field.password", "field.confirm");
        if (missing != null) {
            view.outcome(Task.CHANGE_PASSWORD, false, missing);
            return;
        }
        if (!password.equals(confirm)) {
            view.outcome(Task.CHANGE_PASSWORD, false, texts.get("error.confirm"));
            return;
        }
        run(Task.CHANGE_PASSWORD, admin.changePassword(account.strip(), password),
                texts.get("admin.password.changed", account.strip()), false);
    }

    /** The question to confirm before deleting the accounts typed (null when none were typed). */
    public String deleteQuestion(String typed) {
        List<String> accounts = accounts(typed);
        return accounts.isEmpty() ? null : texts.get("admin.delete.question", String.join(separator(), accounts));
    }

    public void deleteUsers(String typed) {
        List<String> accounts = accounts(typed);
        if (accounts.isEmpty()) {
            view.outcome(Task.DELETE_USERS, false, texts.get("error.required", texts.get("field.accounts")));
            return;
        }
        run(Task.DELETE_USERS, admin.deleteUsers(accounts), texts.get("admin.deleted", String.join(separator(), accounts)), false);
    }

    public void endSessions(String typed) {
        List<String> accounts = accounts(typed);
        if (accounts.isEmpty()) {
            view.outcome(Task.END_SESSIONS, false, texts.get("error.required", texts.get("field.accounts")));
            return;
        }
        run(Task.END_SESSIONS, admin.endSessions(accounts), texts.get("admin.ended", String.join(separator(), accounts)), false);
    }

    public void announce(String subject, String text) {
        if (text == null || text.isBlank()) {
            view.outcome(Task.ANNOUNCE, false, texts.get("error.required", texts.get("field.announcement")));
            return;
        }
        run(Task.ANNOUNCE, admin.announce(subject == null || subject.isBlank() ? null : subject.strip(), text.strip()),
                texts.get("admin.announced"), false);
    }

    /** The accounts typed one a line (or separated by commas or spaces), without blanks or repeats. */
    public static List<String> accounts(String typed) {
        List<String> accounts = new ArrayList<>();
        if (typed != null) {
            for (String a : typed.split("[\\s,;\u3001\uff0c]+")) {
                if (!a.isBlank() && !accounts.contains(a.strip())) {
                    accounts.add(a.strip());
                }
            }
        }
        return accounts;
    }

    // ------------------------------------------------------------------ helpers

    private void run(Task task, CompletableFuture<String> work, String fallback, boolean reload) {
        view.busy(task, true);
        work.whenComplete((note, failure) -> ui.execute(() -> {
            view.busy(task, false);
            if (failure != null) {
                view.outcome(task, false, describe(failure));
                return;
            }
            view.outcome(task, true, note == null || note.isBlank() ? fallback : note.strip());
            if (reload) {
                refresh();
            }
        }));
    }

    private String describe(Throwable failure) {
        return new FailureTexts(texts).describe(failure, null);
    }

    private String missing(String[] values, String... fields) {
        for (int i = 0; i < values.length; i++) {
            if (values[i] == null || values[i].isBlank()) {
                return texts.get("error.required", texts.get(fields[i]));
            }
        }
        return null;
    }

    private String separator() {
        return texts.locale().getLanguage().equals(Locale.CHINESE.getLanguage()) ? "\u3001" : ", ";
    }
}
