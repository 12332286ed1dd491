package org.magpie.client.model;

import java.util.regex.Pattern;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupService;

/**
 * The create-group dialog's logic: the number is optional (digits only; empty lets the server hand
 * out the next free one), the name is required; then it says clearly how it went.
 */
public final class CreateGroupPresenter {

    static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
    static final int NAME_LIMIT = 100;

    public enum Outcome {
        /** The group exists now and the user is its owner. */
        CREATED,
        /** Another group has the number. */
        NUMBER_TAKEN,
        /** What was typed cannot be a group (number not digits, no name, name too long). */
        INVALID,
        /** Anything else (offline, timeout, ...). */
        FAILED
    }

    /** What the dialog does for the presenter; always called through {@link Ui}. */
    public interface View {
        void busy(boolean busy);

        /** How it went; the group when it was created, else null. */
        void result(Outcome outcome, String text, Group group);
    }

    private final GroupService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;

    public CreateGroupPresenter(GroupService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void submit(String numberTyped, String nameTyped, boolean membersOnly) {
        String number = numberTyped == null ? "" : numberTyped.strip();
        String name = nameTyped == null ? "" : nameTyped.strip();
        if (!number.isEmpty() && !NUMBER.matcher(number).matches()) {
            view.result(Outcome.INVALID, texts.get("group.number.digits"), null);
            return;
        }
        if (name.isEmpty()) {
            view.result(Outcome.INVALID, texts.get("group.name.required"), null);
            return;
        }
        if (name.length() > NAME_LIMIT) {
            view.result(Outcome.INVALID, texts.get("group.name.long", NAME_LIMIT), null);
            return;
        }
        view.busy(true);
        service.createGroup(number.isEmpty() ? null : number, name, membersOnly).whenComplete((group, failure) -> ui.execute(() -> {
            view.busy(false);
            if (failure == null) {
                view.result(Outcome.CREATED, texts.get("group.created", group.name(), group.number()), group);
            } else if (JoinGroupPresenter.kind(failure) == FailureKind.GROUP_NUMBER_TAKEN) {
                view.result(Outcome.NUMBER_TAKEN, texts.get("group.taken", number), null);
            } else if (JoinGroupPresenter.kind(failure) == FailureKind.INVALID_INPUT) {
                view.result(Outcome.INVALID, new FailureTexts(texts).describe(failure, null), null);
            } else {
                view.result(Outcome.FAILED, texts.get("group.create.failed", new FailureTexts(texts).describe(failure, null)), null);
            }
        }));
    }
}
