package org.magpie.client.model;

import java.util.Optional;

import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServerAddress;

/**
 * The login dialog's logic: fills in what was remembered, checks the form, logs in, remembers
 * server, port and account, and the password only when asked to (in the credential vault).
 */
public final class LoginPresenter {

    /** What the dialog does for the presenter; always called through {@link Ui}. */
    public interface View {
        void busy(boolean busy);

        void error(String text);

        void loggedIn(String account);
    }

    private final MessagingService service;
    private final Settings settings;
    private final CredentialVault vault;
    private final Texts texts;
    private final Ui ui;
    private final View view;

    public LoginPresenter(MessagingService service, Settings settings, CredentialVault vault, Texts texts, Ui ui,
            View view) {
        this.service = service;
        this.settings = settings;
        this.vault = vault;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    /** The form as the dialog opens: last server and account, and the password if remembered. */
    public LoginForm initialForm() {
        String host = settings.get(Settings.HOST, "127.0.0.1");
        String port = settings.get(Settings.PORT, Integer.toString(ServerAddress.DEFAULT_PORT));
        String username = settings.get(Settings.USERNAME, "");
        boolean remember = Boolean.parseBoolean(settings.get(Settings.REMEMBER, "false"));
        String password = remember && !username.isEmpty()
                ? vault.password(host + ":" + port, username).orElse("") : "";
        return new LoginForm(host, port, username, password, remember);
    }

    /** Checks the form; on success logs in in the background and tells the view how it went. */
    public void login(LoginForm form) {
        Optional<String> problem = check(form);
        if (problem.isPresent()) {
            view.error(problem.get());
            return;
        }
        int port = Integer.parseInt(form.port().strip());
        ServerAddress server = Accounts.server(form.host(), port, form.username().strip());
        String user = Accounts.localpart(form.username());
        view.busy(true);
        service.login(server, user, form.password()).whenComplete((account, failure) -> ui.execute(() -> {
            view.busy(false);
            if (failure != null) {
                view.error(new FailureTexts(texts).describe(failure, server));
                return;
            }
            remember(form, server);
            view.loggedIn(account);
        }));
    }

    private void remember(LoginForm form, ServerAddress server) {
        String key = server.host() + ":" + server.port();
        settings.put(Settings.HOST, server.host());
        settings.put(Settings.PORT, Integer.toString(server.port()));
        settings.put(Settings.USERNAME, form.username().strip());
        settings.put(Settings.REMEMBER, Boolean.toString(form.remember()));
        if (form.remember()) {
            vault.store(key, form.username().strip(), form.password());
        } else {
            vault.forget(key, form.username().strip());
        }
    }

    private Optional<String> check(LoginForm form) {
        if (form.host() == null || form.host().isBlank()) {
            return Optional.of(texts.get("error.required", texts.get("field.host")));
        }
        if (!validPort(form.port())) {
            return Optional.of(texts.get("error.port"));
        }
        if (form.username() == null || form.username().isBlank()) {
            return Optional.of(texts.get("error.required", texts.get("field.username")));
        }
        if (!Accounts.validLocalpart(Accounts.localpart(form.username()))) {
            return Optional.of(texts.get("error.account"));
        }
        if (form.password() == null || form.password().isEmpty()) {
            return Optional.of(texts.get("error.required", texts.get("field.password")));
        }
        return Optional.empty();
    }

    static boolean validPort(String port) {
        try {
            int p = Integer.parseInt(port == null ? "" : port.strip());
            return p >= 1 && p <= 65535;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
