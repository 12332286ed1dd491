package org.magpie.client.model;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;

/**
 * The groups of the main window: the list beside the friends (by name, as people read it), the
 * group chat tabs with their messages and notices, unread counts for groups whose tab is not in
 * front, and sending. Recent messages a group replays on entering are kept for the tab but are not
 * unread. Touched on the UI thread only (listener calls are handed over through {@link Ui}).
 */
public final class GroupsPresenter implements GroupListener {

    /** What the main window does for the presenter; always called through {@link Ui}. */
    public interface View {
        /** Makes sure a tab for the group exists (it loads the messages from the presenter); to front if asked. */
        void showGroupChat(Group group, boolean toFront);

        /** Adds a line to the group's tab, which exists. */
        void append(GroupMessage message);

        /** The group's unread count changed (0: none). */
        void unread(String group, int count);

        /** The group is no longer the user's (left, banned, logged out): its tab goes. */
        void closeGroupChat(String group);

        void sendFailed(String group, String text);
    }

    /** A list of the groups (the contacts view); always called through {@link Ui}. */
    public interface ListView {
        void showGroups(List<Group> groups);
    }

    /** By name (pinyin order for Chinese names, Latin letters ignoring case), then by number. */
    public static Comparator<Group> order() {
        Collator collator = Collator.getInstance(Locale.SIMPLIFIED_CHINESE);
        collator.setStrength(Collator.SECONDARY);
        return Comparator.comparing(Group::name, collator).thenComparing(Group::number);
    }

    private final GroupService service;
    private final Texts texts;
    private final Ui ui;
    private final View view;
    private final List<ListView> lists = new CopyOnWriteArrayList<>();
    // UI thread only
    private List<Group> groups = List.of();
    private final Map<String, List<GroupMessage>> messages = new LinkedHashMap<>();
    private final Map<String, Integer> unread = new LinkedHashMap<>();
    private final Set<String> open = new LinkedHashSet<>();
    private String active;

    public GroupsPresenter(GroupService service, Texts texts, Ui ui, View view) {
        this.service = service;
        this.texts = texts;
        this.ui = ui;
        this.view = view;
    }

    public void start() {
        service.addGroupListener(this);
        ui.execute(() -> update(service.groups()));
    }

    public void stop() {
        service.removeGroupListener(this);
    }

    /** Adds a list of groups; it shows the groups at once and whenever they change. */
    public void addListView(ListView list) {
        lists.add(list);
        list.showGroups(groups);
    }

    public void removeListView(ListView list) {
        lists.remove(list);
    }

    /** The user's groups, in order. */
    public List<Group> groups() {
        return groups;
    }

    /** The group with that address, or null. */
    public Group group(String address) {
        for (Group g : groups) {
            if (g.address().equals(address)) {
                return g;
            }
        }
        return null;
    }

    /** The group's lines so far in this session, oldest first. */
    public List<GroupMessage> messages(String group) {
        return List.copyOf(messages.getOrDefault(group, List.of()));
    }

    public int unread(String group) {
        return unread.getOrDefault(group, 0);
    }

    /** Opens (or brings to front) the group's chat tab. */
    public void open(Group group) {
        open.add(group.address());
        view.showGroupChat(group, true);
    }

    public void activated(String group) {
        active = group;
        if (unread.remove(group) != null) {
            view.unread(group, 0);
            refreshLists();
        }
    }

    public void closed(String group) {
        open.remove(group);
        if (group.equals(active)) {
            active = null;
        }
    }

    public boolean isOpen(String group) {
        return open.contains(group);
    }

    /** Sends what was typed; blank text is not sent. The group sends it back to show. */
    public void send(String group, String text) {
        if (text == null || text.isBlank()) {
            return;
        }
        service.sendToGroup(group, text.strip()).whenComplete((done, failure) -> {
            if (failure != null) {
                ui.execute(() -> view.sendFailed(group,
                        texts.get("group.send.failed", new FailureTexts(texts).describe(failure, null))));
            }
        });
    }

    /** The line a notice shows, in the user's language: "Bob joined the group". */
    public String noticeText(GroupMessage notice) {
        return switch (notice.kind()) {
            case JOINED -> texts.get("group.notice.joined", notice.senderNickname());
            case LEFT -> texts.get("group.notice.left", notice.senderNickname());
            default -> notice.text();
        };
    }

    /** How a group shows in a list: its name and number. */
    public String label(Group group) {
        return texts.get("group.label", group.name(), group.number());
    }

    // ------------------------------------------------------------------ GroupListener (background thread)

    @Override
    public void groupsChanged(List<Group> now) {
        ui.execute(() -> update(now));
    }

    @Override
    public void groupMessageReceived(GroupMessage message) {
        ui.execute(() -> {
            String group = message.group();
            List<GroupMessage> lines = messages.computeIfAbsent(group, k -> new ArrayList<>());
            if (lines.contains(message)) {
                return; // in the service's lines already when this presenter started
            }
            lines.add(message);
            if (open.contains(group)) {
                view.append(message);
            }
            if (!message.history() && !message.own() && !group.equals(active)) {
                unread.merge(group, 1, Integer::sum);
                view.unread(group, unread.get(group));
                refreshLists();
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    private void update(List<Group> now) {
        List<Group> sorted = new ArrayList<>(now);
        sorted.sort(order());
        groups = List.copyOf(sorted);
        Set<String> addresses = new LinkedHashSet<>();
        groups.forEach(g -> addresses.add(g.address()));
        for (String gone : List.copyOf(open)) {
            if (!addresses.contains(gone)) {
                closed(gone);
                view.closeGroupChat(gone);
            }
        }
        messages.keySet().retainAll(addresses);
        for (Group g : groups) {
            // lines that came before this presenter listened (e.g. the history replayed right after login)
            messages.computeIfAbsent(g.address(), k -> new ArrayList<>(service.messages(k)));
        }
        unread.keySet().retainAll(addresses);
        refreshLists();
    }

    private void refreshLists() {
        for (ListView l : lists) {
            l.showGroups(groups);
        }
    }
}
