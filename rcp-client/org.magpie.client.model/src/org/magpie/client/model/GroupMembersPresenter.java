package org.magpie.client.model;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.magpie.client.service.Contact;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.MessagingService;

/**
 * A group's member list: members and who is in the group now, online first, then by nickname as
 * people read it (pinyin order for Chinese names, like the contacts list), updated live. Opening a
 * member chats with a friend, or offers a friend request to someone who is not one yet.
 */
public final class GroupMembersPresenter implements GroupListener {

    /** What the member list does for the presenter; always called through {@link Ui}. */
    public interface View {
        /** Shows these members in this order, with a title such as "Members (2 of 5 online)". */
        void show(List<GroupMember> members, String title);

        /** Opens the chat with a friend. */
        void chat(String account, String nickname);

        /** A friend request went out (or did not): one sentence for the user. */
        void requestResult(boolean sent, String text);
    }

    /** What opening a member does. */
    public enum Activation {
        /** The member is a friend: the chat opens. */
        CHAT,
        /** Not a friend: the view asks {@link #requestQuestion} and, if yes, calls {@link #requestFriend}. */
        OFFER_REQUEST,
        /** The user's own entry: nothing. */
        NONE
    }

    /** Online first, then by nickname (Chinese collator, case ignored), then by account. */
    public static Comparator<GroupMember> order() {
        Collator collator = Collator.getInstance(Locale.SIMPLIFIED_CHINESE);
        collator.setStrength(Collator.SECONDARY);
        return Comparator.comparing((GroupMember m) -> !m.online())
                .thenComparing(GroupMember::nickname, collator)
                .thenComparing(GroupMember::account);
    }

    private final String group;
    private final GroupService groups;
    private final MessagingService messaging;
    private final Texts texts;
    private final Ui ui;
    private final View view;
    private final Comparator<GroupMember> order = order();
    // UI thread only
    private List<GroupMember> shown = List.of();

    public GroupMembersPresenter(String group, GroupService groups, MessagingService messaging, Texts texts, Ui ui,
            View view) {
        this.group = group;
        this.groups = groups;
        this.messaging = messaging;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void start() {
        groups.addGroupListener(this);
        ui.execute(() -> update(groups.members(group)));
    }

    public void stop() {
        groups.removeGroupListener(this);
    }

    /** The members shown now, in order. */
    public List<GroupMember> shown() {
        return shown;
    }

    /** The line beside a member's nickname: the account, and the role for owners and admins. */
    public String detail(GroupMember member) {
        if (member.affiliation() == Affiliation.OWNER || member.affiliation() == Affiliation.ADMIN) {
            return texts.get("group.member.role", member.account(), texts.get("group.affiliation." + member.affiliation().name()));
        }
        return member.account();
    }

    /** The member's name as shown: the nickname, marked for the user's own entry. */
    public String name(GroupMember member) {
        return isSelf(member) ? texts.get("group.member.self", member.nickname()) : member.nickname();
    }

    /** A double-click on a member. */
    public Activation activate(GroupMember member) {
        if (member == null || isSelf(member)) {
            return Activation.NONE;
        }
        if (isFriend(member.account())) {
            view.chat(member.account(), member.nickname());
            return Activation.CHAT;
        }
        return Activation.OFFER_REQUEST;
    }

    /** The question before a friend request to a member who is not a friend. */
    public String requestQuestion(GroupMember member) {
        return texts.get("group.request.question", member.nickname(), member.account());
    }

    /** Sends a friend request to a member (after the user said yes). */
    public void requestFriend(GroupMember member) {
        messaging.requestFriend(member.account(), null).whenComplete((done, failure) -> ui.execute(() -> {
            if (failure == null) {
                view.requestResult(true, texts.get("group.request.sent", member.nickname()));
            } else {
                view.requestResult(false, texts.get("group.request.failed", new FailureTexts(texts).describe(failure, null)));
            }
        }));
    }

    // ------------------------------------------------------------------ GroupListener (background thread)

    @Override
    public void membersChanged(String changed, List<GroupMember> members) {
        if (group.equals(changed)) {
            ui.execute(() -> update(members));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void update(List<GroupMember> members) {
        List<GroupMember> list = new ArrayList<>(members);
        list.sort(order);
        shown = List.copyOf(list);
        long online = shown.stream().filter(GroupMember::online).count();
        view.show(shown, texts.get("group.members.title", online, shown.size()));
    }

    private boolean isSelf(GroupMember member) {
        return member.account().equals(messaging.account());
    }

    private boolean isFriend(String account) {
        for (Contact c : messaging.contacts()) {
            if (c.account().equals(account) && c.isFriend()) {
                return true;
            }
        }
        return false;
    }
}
