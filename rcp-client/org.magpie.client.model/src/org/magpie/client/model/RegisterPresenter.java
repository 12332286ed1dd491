package org.magpie.client.model;

import java.util.Optional;

import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServerAddress;

/**
 * The registration dialog's logic: every field required, the two passwords equal (checked here,
 * before anything is sent), then the server decides and its words reach the user unchanged.
 */
public final class RegisterPresenter {

    /** What the dialog does for the presenter; always called through {@link Ui}. */
    public interface View {
        void busy(boolean busy);

        void error(String text);

        /** The account exists now; the text says so. */
        void registered(String username, String text);
    }

    private final MessagingService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;

    public RegisterPresenter(MessagingService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void register(RegistrationForm form) {
        Optional<String> problem = check(form);
        if (problem.isPresent()) {
            view.error(problem.get());
            return;
        }
        String username = Accounts.localpart(form.username());
        ServerAddress server = Accounts.server(form.host(), Integer.parseInt(form.port().strip()), form.username().strip());
        view.busy(true);
        service.register(server, username, form.password(), form.nickname().strip())
                .whenComplete((ok, failure) -> ui.execute(() -> {
                    view.busy(false);
                    if (failure != null) {
                        view.error(new FailureTexts(texts).describe(failure, server));
                    } else {
                        view.registered(username, texts.get("registered", username));
                    }
                }));
    }

    private Optional<String> check(RegistrationForm f) {
        if (blank(f.host())) {
            return required("field.host");
        }
        if (!LoginPresenter.validPort(f.port())) {
            return Optional.of(texts.get("error.port"));
        }
        if (blank(f.username())) {
            return required("field.username");
        }
        if (!Accounts.validLocalpart(Accounts.localpart(f.username()))) {
            return Optional.of(texts.get("error.account"));
        }
        if (f.password() == null || f.password().isEmpty()) {
            return required("field.password");
        }
        if (f.confirm() == null || f.confirm().isEmpty()) {
            return required("field.confirm");
        }
        if (!f.password().equals(f.confirm())) {
            return Optional.of(texts.get("error.confirm"));
        }
        if (blank(f.nickname())) {
            return required("field.nickname");
        }
        return Optional.empty();
    }

    private Optional<String> required(String field) {
        return Optional.of(texts.get("error.required", texts.get(field)));
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
