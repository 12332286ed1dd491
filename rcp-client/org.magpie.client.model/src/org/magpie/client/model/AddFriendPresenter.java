package org.magpie.client.model;

import java.util.Locale;

import org.magpie.client.service.Contact;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServiceException;

/**
 * The add-friend dialog's logic: checks the account typed (not empty, a valid name, not the user's
 * own, not a friend already), sends the request with the optional greeting, and says clearly how it went.
 */
public final class AddFriendPresenter {

    /** How a request ended. */
    public enum Outcome {
        /** The server took the request; the other side answers when they like. */
        SENT,
        /** There is no such account. */
        NO_SUCH_ACCOUNT,
        /** The account is a friend already. */
        ALREADY_FRIENDS,
        /** What was typed cannot be an account (empty, invalid, the user's own). */
        INVALID,
        /** Anything else (offline, timeout, ...). */
        FAILED
    }

    /** What the dialog does for the presenter; always called through {@link Ui}. */
    public interface View {
        void busy(boolean busy);

        void result(Outcome outcome, String text);
    }

    private final MessagingService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;

    public AddFriendPresenter(MessagingService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    /**
     * Sends a friend request to what was typed ({@code bob} or {@code bob@domain}; without a domain
     * the user's own domain is meant).
     */
    public void submit(String typed, String greeting) {
        String input = typed == null ? "" : typed.strip();
        if (input.isEmpty()) {
            view.result(Outcome.INVALID, texts.get("error.required", texts.get("field.username")));
            return;
        }
        if (!Accounts.validLocalpart(Accounts.localpart(input)) || input.endsWith("@")) {
            view.result(Outcome.INVALID, texts.get("error.account"));
            return;
        }
        String account = qualified(input);
        if (account.equals(service.account())) {
            view.result(Outcome.INVALID, texts.get("friend.self"));
            return;
        }
        for (Contact c : service.contacts()) {
            if (c.account().equals(account) && c.isFriend()) {
                view.result(Outcome.ALREADY_FRIENDS, texts.get("friend.already", c.nickname(), account));
                return;
            }
        }
        String text = greeting == null || greeting.isBlank() ? null : greeting.strip();
        view.busy(true);
        service.requestFriend(account, text).whenComplete((done, failure) -> ui.execute(() -> {
            view.busy(false);
            if (failure == null) {
                view.result(Outcome.SENT, texts.get("friend.sent", account));
                return;
            }
            FailureKind kind = kind(failure);
            if (kind == FailureKind.NO_SUCH_ACCOUNT) {
                view.result(Outcome.NO_SUCH_ACCOUNT, texts.get("friend.nosuch", account));
            } else if (kind == FailureKind.ALREADY_FRIENDS) {
                view.result(Outcome.ALREADY_FRIENDS, texts.get("friend.already", Accounts.localpart(account), account));
            } else {
                view.result(Outcome.FAILED, texts.get("friend.failed", new FailureTexts(texts).describe(failure, null)));
            }
        }));
    }

    private static FailureKind kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceException se) {
                return se.kind();
            }
        }
        return FailureKind.OTHER;
    }

    private String qualified(String input) {
        if (input.indexOf('@') >= 0) {
            return input.toLowerCase(Locale.ROOT);
        }
        String own = service.account();
        String domain = own == null || own.indexOf('@') < 0 ? "localhost" : own.substring(own.indexOf('@') + 1);
        return (input + "@" + domain).toLowerCase(Locale.ROOT);
    }
}
