package org.magpie.client.model;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.Function;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.HistoryPage;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.SessionEnd;

/**
 * The history of chats and groups as their tabs show it: when a tab opens, the newest page of the
 * server's archive comes before the messages of this session (those the archive has too are not
 * shown twice); scrolling to the top loads the page before, until there is nothing older. Pages
 * are kept for the session, so a tab opened again shows them at once. Touched on the UI thread
 * only (answers are handed over through {@link Ui}).
 */
public final class HistoryPresenter implements MessagingListener {

    /** Messages of a page, newest page first. */
    public static final int PAGE = 30;
    /** Two records of the same message (live and archived) are at most this far apart in time. */
    private static final Duration SAME_MESSAGE = Duration.ofMinutes(10);

    /** A tab showing a conversation's history; always called through {@link Ui}. */
    public interface View<T> {
        /**
         * Older messages go before everything shown so far.
         *
         * @param older    oldest first
         * @param hasOlder whether the archive has more before them
         */
        void prepend(List<T> older, boolean hasOlder);

        void historyFailed(String text);
    }

    /** One conversation's archive as far as loaded. */
    private static final class Pages<T> {
        final List<T> archived = new ArrayList<>();
        String older;
        boolean loaded;
        boolean loading;
    }

    private final HistoryService service;
    private final MessagingService messaging;
    private final Texts texts;
    private final Ui ui;
    // UI thread only
    private final Map<String, Pages<ChatMessage>> chats = new LinkedHashMap<>();
    private final Map<String, Pages<GroupMessage>> groups = new LinkedHashMap<>();

    public HistoryPresenter(HistoryService service, MessagingService messaging, Texts texts, Ui ui) {
        this.service = service;
        this.messaging = messaging;
        this.texts = texts;
        this.ui = ui;
    }

    public void start() {
        messaging.addListener(this);
    }

    public void stop() {
        messaging.removeListener(this);
    }

    /** The archived messages of a chat loaded so far (before the session's own), oldest first. */
    public List<ChatMessage> chatHistory(String conversation) {
        Pages<ChatMessage> p = chats.get(conversation);
        return p == null ? List.of() : List.copyOf(p.archived);
    }

    /** The archived lines of a group loaded so far (before those the group replayed), oldest first. */
    public List<GroupMessage> groupHistory(String group) {
        Pages<GroupMessage> p = groups.get(group);
        return p == null ? List.of() : List.copyOf(p.archived);
    }

    /** Whether the chat's archive has older messages than those shown (true before the first page). */
    public boolean hasOlderChat(String conversation) {
        Pages<ChatMessage> p = chats.get(conversation);
        return p == null || !p.loaded || p.older != null;
    }

    public boolean hasOlderGroup(String group) {
        Pages<GroupMessage> p = groups.get(group);
        return p == null || !p.loaded || p.older != null;
    }

    /**
     * A chat tab opened: the first time in this session, the newest page is loaded and what the
     * session shows already is taken out of it.
     *
     * @param shown the session's messages the tab shows, oldest first
     */
    public void chatOpened(String conversation, List<ChatMessage> shown, View<ChatMessage> view) {
        Pages<ChatMessage> p = chats.computeIfAbsent(conversation, k -> new Pages<>());
        if (!p.loaded) {
            load(p, shown, view, older -> service.chatHistory(conversation, older, PAGE), HistoryPresenter::sameChat);
        }
    }

    /** The chat tab scrolled to the top: the page before what it shows. */
    public void olderChat(String conversation, List<ChatMessage> shown, View<ChatMessage> view) {
        Pages<ChatMessage> p = chats.computeIfAbsent(conversation, k -> new Pages<>());
        if (!p.loaded || p.older != null) {
            load(p, shown, view, older -> service.chatHistory(conversation, older, PAGE), HistoryPresenter::sameChat);
        }
    }

    /**
     * The group tab scrolled to the top: the page before what it shows. The first page is the
     * newest one, without the lines the group replayed on entering.
     *
     * @param shown the lines the tab shows (the group's replay and this session's), oldest first
     */
    public void olderGroup(String group, List<GroupMessage> shown, View<GroupMessage> view) {
        Pages<GroupMessage> p = groups.computeIfAbsent(group, k -> new Pages<>());
        if (!p.loaded || p.older != null) {
            load(p, shown, view, older -> service.groupHistory(group, older, PAGE), HistoryPresenter::sameLine);
        }
    }

    @Override
    public void sessionEnded(SessionEnd reason) {
        ui.execute(() -> {
            chats.clear();
            groups.clear();
        });
    }

    // ------------------------------------------------------------------ helpers

    private <T> void load(Pages<T> p, List<T> shown, View<T> view,
            Function<String, CompletableFuture<HistoryPage<T>>> query, BiPredicate<T, T> same) {
        if (p.loading) {
            return;
        }
        p.loading = true;
        String cursor = p.loaded ? p.older : null;
        query.apply(cursor).whenComplete((page, failure) -> ui.execute(() -> {
            p.loading = false;
            if (failure != null) {
                view.historyFailed(texts.get("history.failed", new FailureTexts(texts).describe(failure, null)));
                return;
            }
            List<T> fresh = p.loaded ? page.messages() : without(page.messages(), shown, same);
            p.loaded = true;
            p.older = page.older();
            p.archived.addAll(0, fresh);
            view.prepend(fresh, page.hasOlder());
        }));
    }

    /**
     * The archived messages that are not among those shown. Each shown message takes away one
     * archived record of it (the same text from the same side, close in time).
     */
    static <T> List<T> without(List<T> archived, List<T> shown, BiPredicate<T, T> same) {
        List<T> left = new ArrayList<>(archived);
        for (T s : shown) {
            for (int i = left.size() - 1; i >= 0; i--) {
                if (same.test(left.get(i), s)) {
                    left.remove(i);
                    break;
                }
            }
        }
        return left;
    }

    private static boolean sameChat(ChatMessage a, ChatMessage b) {
        return a.own() == b.own() && a.text().equals(b.text()) && close(a.time(), b.time());
    }

    private static boolean sameLine(GroupMessage a, GroupMessage b) {
        return a.kind() == b.kind() && a.senderNickname().equals(b.senderNickname()) && a.text().equals(b.text())
                && close(a.time(), b.time());
    }

    private static boolean close(java.time.Instant a, java.time.Instant b) {
        return Duration.between(a, b).abs().compareTo(SAME_MESSAGE) <= 0;
    }
}
