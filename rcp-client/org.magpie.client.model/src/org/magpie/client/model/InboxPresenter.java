package org.magpie.client.model;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryListener;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.SessionEnd;

/**
 * Unread counts and latest messages of every chat and group, for the contacts list's red badges
 * and one-line previews, its order by latest activity, and the window title's total. The server's
 * inbox at login gives the counts (messages that came while the user was offline included); live
 * messages raise the count of a conversation that is not the one in front; opening a conversation
 * resets its count and tells the server, and a read in the user's other session resets it here.
 * Touched on the UI thread only (listener calls are handed over through {@link Ui}).
 */
public final class InboxPresenter implements MessagingListener, GroupListener, HistoryListener {

    /** Whoever shows counts or previews; always called through {@link Ui}. */
    @FunctionalInterface
    public interface View {
        /** Counts or latest messages changed; {@code total} is the sum of all counts. */
        void inboxChanged(int total);
    }

    /** What the presenter knows of one conversation. */
    private static final class Entry {
        boolean group;
        int unread;
        String text;
        String nickname;
        MessageKind kind = MessageKind.TEXT;
        Instant time;
        /** The stamp of the inbox's latest message: delayed messages up to it are counted already. */
        Instant countedUntil;
    }

    private final HistoryService history;
    private final MessagingService messaging;
    private final GroupService groups;
    private final Ui ui;
    private final Previews previews;
    private final List<View> views = new CopyOnWriteArrayList<>();
    // UI thread only
    private final Map<String, Entry> entries = new LinkedHashMap<>();
    private final Set<String> told = new LinkedHashSet<>();
    private String active;

    /**
     * @param groups the groups service, or null when there is none
     */
    public InboxPresenter(HistoryService history, MessagingService messaging, GroupService groups, Texts texts, Ui ui) {
        this.history = history;
        this.messaging = messaging;
        this.groups = groups;
        this.ui = ui;
        this.previews = new Previews(texts);
    }

    public void start() {
        history.addHistoryListener(this);
        messaging.addListener(this);
        if (groups != null) {
            groups.addGroupListener(this);
        }
        ui.execute(() -> load(history.lastInbox()));
    }

    public void stop() {
        history.removeHistoryListener(this);
        messaging.removeListener(this);
        if (groups != null) {
            groups.removeGroupListener(this);
        }
    }

    public void addView(View view) {
        views.add(view);
        view.inboxChanged(total());
    }

    public void removeView(View view) {
        views.remove(view);
    }

    // ------------------------------------------------------------------ what the views show

    public int unread(String conversation) {
        Entry e = entries.get(conversation);
        return e == null ? 0 : e.unread;
    }

    /** The red badge's text: empty for none, "99+" for more than 99. */
    public String badge(String conversation) {
        return Previews.badge(unread(conversation));
    }

    /** The sum of all counts. */
    public int total() {
        return entries.values().stream().mapToInt(e -> e.unread).sum();
    }

    /** The window title's count: as the badge ("99+" above 99), empty for none. */
    public String totalBadge() {
        return Previews.badge(total());
    }

    /** The one-line preview of the conversation's latest message, or empty. */
    public String preview(String conversation) {
        Entry e = entries.get(conversation);
        return e == null ? "" : previews.preview(e.group, e.nickname, e.text, e.kind);
    }

    /** When the conversation's latest message was sent, or null. */
    public Instant lastActivity(String conversation) {
        Entry e = entries.get(conversation);
        return e == null ? null : e.time;
    }

    /**
     * Latest activity first; conversations without any message after those, in the given order.
     *
     * @param address the conversation's bare address of an item
     * @param then    the order of items with the same (or no) activity
     */
    public <T> Comparator<T> byActivity(Function<T, String> address, Comparator<T> then) {
        Comparator<T> latest = Comparator.comparing((T t) -> lastActivity(address.apply(t)),
                Comparator.nullsLast(Comparator.reverseOrder()));
        return latest.thenComparing(then);
    }

    // ------------------------------------------------------------------ from the views

    /**
     * The conversation is in front (its tab opened or activated): its count goes, and the server is
     * told when there was anything to read.
     */
    public void activated(String conversation) {
        active = conversation;
        Entry e = entries.get(conversation);
        if (e != null && e.unread > 0 || !told.contains(conversation)) {
            if (e != null) {
                e.unread = 0;
            }
            markRead(conversation);
            changed();
        }
    }

    /** The conversation's tab closed (or another kind of part came to front). */
    public void deactivated(String conversation) {
        if (conversation.equals(active)) {
            active = null;
        }
    }

    /** A message this user sent in a chat: the latest message, not unread. */
    public void sent(ChatMessage message) {
        sent(message, history.kind(message.text()));
    }

    /** A message this user sent whose kind the caller knows (a file's link after its upload). */
    public void sent(ChatMessage message, MessageKind kind) {
        Entry e = latest(message.conversation(), false, message.senderNickname(), message.text(), message.time());
        if (message.time().equals(e.time)) {
            e.kind = kind;
        }
        changed();
    }

    // ------------------------------------------------------------------ listeners (background thread)

    @Override
    public void inboxChanged(List<ConversationSummary> inbox) {
        ui.execute(() -> load(inbox));
    }

    @Override
    public void readElsewhere(String conversation) {
        ui.execute(() -> {
            Entry e = entries.get(conversation);
            if (e != null && e.unread > 0) {
                e.unread = 0;
                changed();
            }
        });
    }

    @Override
    public void messageReceived(ChatMessage message) {
        ui.execute(() -> {
            Entry e = latest(message.conversation(), false, message.senderNickname(), message.text(), message.time());
            if (!message.own()) {
                count(message.conversation(), e, message.time());
            }
            changed();
        });
    }

    @Override
    public void groupMessageReceived(GroupMessage message) {
        if (message.isNotice()) {
            return; // joins and leaves are neither unread nor a latest message
        }
        ui.execute(() -> {
            Entry e = latest(message.group(), true, message.senderNickname(), message.text(), message.time());
            // what the group replays on entering was counted by the server's inbox already
            if (!message.own() && !message.history()) {
                count(message.group(), e, message.time());
            }
            changed();
        });
    }

    @Override
    public void sessionEnded(SessionEnd reason) {
        ui.execute(() -> {
            entries.clear();
            told.clear();
            active = null;
            changed();
        });
    }

    // ------------------------------------------------------------------ helpers

    /** The server's inbox: its counts replace ours; its latest messages unless ours are newer. */
    private void load(List<ConversationSummary> inbox) {
        if (inbox.isEmpty()) {
            entries.values().forEach(e -> e.unread = 0);
        }
        for (ConversationSummary s : inbox) {
            Entry e = entries.computeIfAbsent(s.conversation(), k -> new Entry());
            e.group = s.group();
            e.countedUntil = s.lastTime();
            if (s.lastTime() != null && (e.time == null || !s.lastTime().isBefore(e.time))) {
                e.text = s.lastText();
                e.nickname = s.lastNickname();
                e.kind = s.lastKind();
                e.time = s.lastTime();
            }
            if (s.conversation().equals(active)) {
                e.unread = 0;
                if (s.unread() > 0) {
                    markRead(s.conversation());
                }
            } else {
                e.unread = s.unread();
            }
        }
        changed();
    }

    private Entry latest(String conversation, boolean group, String nickname, String text, Instant time) {
        Entry e = entries.computeIfAbsent(conversation, k -> new Entry());
        e.group = group;
        if (e.time == null || !time.isBefore(e.time)) {
            e.text = text;
            e.nickname = nickname;
            e.kind = history.kind(text); // the kind the message's XEP-0066 data told, else from the text
            e.time = time;
        }
        return e;
    }

    /** A received message: unread unless its conversation is in front (then the server is told). */
    private void count(String conversation, Entry e, Instant time) {
        if (conversation.equals(active)) {
            markRead(conversation);
        } else if (e.countedUntil == null || time.isAfter(e.countedUntil)) {
            e.unread++;
        }
    }

    private void markRead(String conversation) {
        told.add(conversation);
        history.markRead(conversation); // a failure only leaves the server's count up until the next read
    }

    private void changed() {
        int total = total();
        for (View v : views) {
            v.inboxChanged(total);
        }
    }
}
