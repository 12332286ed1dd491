package org.magpie.client.model;

import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.ServiceException;

/**
 * The join-group dialog's logic: the number is required and digits only; a group the user is in
 * already is not joined again; then it says clearly how it went (joined, no such group, banned,
 * members only).
 */
public final class JoinGroupPresenter {

    public enum Outcome {
        /** The user is a member now. */
        JOINED,
        /** The user was a member already. */
        ALREADY_MEMBER,
        /** There is no group with that number. */
        NO_SUCH_GROUP,
        /** The user is banned from the group. */
        BANNED,
        /** Only members and invited people may join. */
        MEMBERS_ONLY,
        /** What was typed is not a group number. */
        INVALID,
        /** Anything else (offline, timeout, ...). */
        FAILED
    }

    /** What the dialog does for the presenter; always called through {@link Ui}. */
    public interface View {
        void busy(boolean busy);

        /** How it went; the group when the user is (now) a member, else null. */
        void result(Outcome outcome, String text, Group group);
    }

    private final GroupService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;

    public JoinGroupPresenter(GroupService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void submit(String typed) {
        String number = typed == null ? "" : typed.strip();
        if (number.isEmpty()) {
            view.result(Outcome.INVALID, texts.get("group.number.required"), null);
            return;
        }
        if (!CreateGroupPresenter.NUMBER.matcher(number).matches()) {
            view.result(Outcome.INVALID, texts.get("group.number.digits"), null);
            return;
        }
        for (Group g : service.groups()) {
            if (g.number().equals(number)) {
                view.result(Outcome.ALREADY_MEMBER, texts.get("group.already", g.name(), g.number()), g);
                return;
            }
        }
        view.busy(true);
        service.joinGroup(number).whenComplete((group, failure) -> ui.execute(() -> {
            view.busy(false);
            if (failure == null) {
                view.result(Outcome.JOINED, texts.get("group.joined", group.name(), group.number()), group);
                return;
            }
            switch (kind(failure)) {
                case NO_SUCH_GROUP -> view.result(Outcome.NO_SUCH_GROUP, texts.get("group.nosuch", number), null);
                case BANNED -> view.result(Outcome.BANNED, texts.get("group.banned", number), null);
                case MEMBERS_ONLY -> view.result(Outcome.MEMBERS_ONLY, texts.get("group.membersonly", number), null);
                case INVALID_INPUT -> view.result(Outcome.INVALID, texts.get("group.number.digits"), null);
                default -> view.result(Outcome.FAILED,
                        texts.get("group.join.failed", new FailureTexts(texts).describe(failure, null)), null);
            }
        }));
    }

    static FailureKind kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ServiceException se) {
                return se.kind();
            }
        }
        return FailureKind.OTHER;
    }
}
