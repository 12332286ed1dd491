package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.HistoryPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.Previews;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.HistoryPage;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;

/**
 * Previews (group sender, images and files, line breaks, truncation by display width, Chinese),
 * badges (counts from the inbox and live messages, reset on opening and elsewhere, "99+", the
 * total, order by latest activity) and history pages (newest first without duplicates, older ones
 * on request), without a display.
 */
class HistoryPresentersTest {

    private static final String BOB = "bob@localhost";
    private static final String CAROL = "carol@localhost";
    private static final String TEAM = "10001@rooms.localhost";
    private static final Instant T0 = Instant.parse("2026-03-01T08:00:00Z");

    private final Texts en = new Texts(Locale.ENGLISH);
    private final Texts zh = new Texts(Locale.SIMPLIFIED_CHINESE);
    private final FakeHistoryService history = new FakeHistoryService();
    private final FakeMessagingService messaging = new FakeMessagingService();
    private final FakeGroupService groups = new FakeGroupService();

    @BeforeEach
    void online() {
        messaging.account = "alice@localhost";
        messaging.state = ConnectionState.ONLINE;
    }

    // ================================================================== message kinds

    @Test
    void imagesAndFilesAreToldFromTextByTheirLink() {
        assertEquals(MessageKind.IMAGE, MessageKind.of("https://upload.localhost:7443/f/abc/photo.JPG"));
        assertEquals(MessageKind.FILE, MessageKind.of("https://upload.localhost:7443/f/abc/report.pdf"));
        assertEquals(MessageKind.IMAGE, MessageKind.of("aesgcm://upload.localhost/f/x/cat.png#0011aabb"));
        assertEquals(MessageKind.FILE, MessageKind.of("aesgcm://upload.localhost/f/x/notes#0011aabb"));
        String noExtension = "https://upload.localhost/f/abc/download";
        assertEquals(MessageKind.TEXT, MessageKind.of(noExtension), "a link without a file name is a link");
        assertEquals(MessageKind.FILE, MessageKind.of(noExtension, noExtension), "unless it comes out of band");
        assertEquals(MessageKind.IMAGE, MessageKind.of(" https://upload.localhost/a/b.webp\n", "https://upload.localhost/a/b.webp"));
        assertEquals(MessageKind.TEXT, MessageKind.of("https://example.com/index.html"), "a web page is text");
        assertEquals(MessageKind.TEXT, MessageKind.of("see https://example.com/a.png"), "a sentence with a link is text");
        assertEquals(MessageKind.TEXT, MessageKind.of("你好"));
        assertEquals(MessageKind.TEXT, MessageKind.of(""));
        assertEquals(MessageKind.TEXT, MessageKind.of(null));
    }

    // ================================================================== previews

    @Test
    void previewsFoldLineBreaksAndNameTheGroupSender() {
        Previews p = new Previews(en);
        assertEquals("see you at 3 then", p.preview(false, "Bob", "see you\nat 3\r\n\r\nthen", MessageKind.TEXT));
        assertEquals("Bob: first line second", p.preview(true, "Bob", "first line\nsecond", MessageKind.TEXT));
        assertEquals("[Image]", p.preview(false, "Bob", "https://u/x.png", MessageKind.IMAGE));
        assertEquals("Bob: [File]", p.preview(true, "Bob", "https://u/x.zip", MessageKind.FILE));
        assertEquals("", p.preview(false, null, null, MessageKind.TEXT), "no message, no preview");
        Previews z = new Previews(zh);
        assertEquals("[图片]", z.preview(false, "鲍勃", "https://u/x.png", MessageKind.IMAGE));
        assertEquals("鲍勃: [文件]", z.preview(true, "鲍勃", "https://u/x.zip", MessageKind.FILE));
        assertEquals("鲍勃: 晚上 一起 吃饭", z.preview(true, "鲍勃", "晚上\n一起\n吃饭", MessageKind.TEXT));
    }

    @Test
    void longLinesAreCutByDisplayWidthWithAnEllipsis() {
        Previews p = new Previews(en, 12);
        assertEquals("short", p.preview(false, null, "short", MessageKind.TEXT));
        assertEquals("exactly 12 c", p.preview(false, null, "exactly 12 c", MessageKind.TEXT));
        assertEquals("the quick b…", p.preview(false, null, "the quick brown fox", MessageKind.TEXT));
        assertEquals(12, Previews.width(p.preview(false, null, "the quick brown fox", MessageKind.TEXT)));
        // a Chinese character is two columns: five of them and the ellipsis fill 11 of 12
        assertEquals("今天天气很…", p.preview(false, null, "今天天气很好我们去公园", MessageKind.TEXT));
        assertEquals(4, Previews.width("中文"));
        assertEquals(4, Previews.width("ab中"));
        assertEquals("ab中文字符…", Previews.cut("ab中文字符串很长", 11));
        // a character outside the BMP is never split
        String cut = Previews.cut("𠀀𠀀𠀀𠀀𠀀𠀀𠀀", 6);
        assertEquals("𠀀𠀀…", cut);
        // the default width: 30 columns
        String chinese = new Previews(zh).preview(true, "张三", "这是一条非常非常长的群消息，内容足够把预览撑满", MessageKind.TEXT);
        assertTrue(chinese.startsWith("张三: 这是"), chinese);
        assertTrue(chinese.endsWith("…"), chinese);
        assertTrue(Previews.width(chinese) <= Previews.WIDTH, chinese);
    }

    @Test
    void badgesShowCountsUpTo99() {
        assertEquals("", Previews.badge(0));
        assertEquals("1", Previews.badge(1));
        assertEquals("99", Previews.badge(99));
        assertEquals("99+", Previews.badge(100));
        assertEquals("99+", Previews.badge(12345));
    }

    // ================================================================== badges

    private InboxPresenter inbox(List<Integer> totals) {
        InboxPresenter p = new InboxPresenter(history, messaging, groups, en, Runnable::run);
        p.start();
        p.addView(totals::add);
        return p;
    }

    private static ConversationSummary chat(String peer, int unread, String text, Instant time) {
        return new ConversationSummary(peer, false, unread, text, peer, "Bob", MessageKind.of(text), time, false);
    }

    private static ChatMessage received(String from, String text, Instant time) {
        return new ChatMessage(from, from, from.substring(0, from.indexOf('@')), text, time, false);
    }

    private static GroupMessage line(String nick, String text, Instant time, boolean own, boolean replayed) {
        return new GroupMessage(TEAM, null, nick, text, time, own, GroupMessage.Kind.MESSAGE, replayed);
    }

    @Test
    void theInboxAtLoginGivesCountsPreviewsAndTheTotal() {
        List<Integer> totals = new ArrayList<>();
        InboxPresenter p = inbox(totals);
        history.inbox(List.of(
                chat(BOB, 3, "line 3\nmore", T0.plusSeconds(60)),
                new ConversationSummary(TEAM, true, 120, "https://u/f/a.png", "carol@localhost", "Carol 卡罗", MessageKind.IMAGE,
                        T0.plusSeconds(30), false),
                chat(CAROL, 0, "old", T0)));
        assertEquals(3, p.unread(BOB));
        assertEquals("3", p.badge(BOB));
        assertEquals("99+", p.badge(TEAM));
        assertEquals("", p.badge(CAROL));
        assertEquals(123, p.total());
        assertEquals("99+", p.totalBadge());
        assertEquals(123, totals.get(totals.size() - 1));
        assertEquals("line 3 more", p.preview(BOB));
        assertEquals("Carol 卡罗: [Image]", p.preview(TEAM));
        assertEquals("", p.preview("nobody@localhost"));
        assertEquals(List.of(), history.reads(), "nothing is read before it is opened");
    }

    @Test
    void openingResetsTheCountAndTellsTheServer() {
        InboxPresenter p = inbox(new ArrayList<>());
        history.inbox(List.of(chat(BOB, 2, "hi", T0)));
        p.activated(BOB);
        assertEquals(0, p.unread(BOB));
        assertEquals(List.of(BOB), history.reads());
        // a message in the chat in front is read at once, and the server hears so
        messaging.listeners.forEach(l -> l.messageReceived(received(BOB, "more", Instant.now())));
        assertEquals(0, p.unread(BOB));
        assertEquals(List.of(BOB, BOB), history.reads());
        // another tab in front: the chat's messages count again
        p.activated(CAROL);
        messaging.listeners.forEach(l -> l.messageReceived(received(BOB, "and more", Instant.now())));
        assertEquals(1, p.unread(BOB));
        assertEquals("and more", p.preview(BOB));
        p.deactivated(CAROL);
        messaging.listeners.forEach(l -> l.messageReceived(received(CAROL, "hello", Instant.now())));
        assertEquals(1, p.unread(CAROL), "a closed chat's messages count");
    }

    @Test
    void liveMessagesInClosedChatsRaiseTheirBadges() {
        List<Integer> totals = new ArrayList<>();
        InboxPresenter p = inbox(totals);
        history.inbox(List.of());
        for (int i = 0; i < 101; i++) {
            messaging.listeners.forEach(l -> l.messageReceived(received(BOB, "n", Instant.now())));
        }
        assertEquals(101, p.unread(BOB));
        assertEquals("99+", p.badge(BOB));
        assertEquals(101, totals.get(totals.size() - 1));
        // group lines: live ones count, own ones and those the group replays on entering do not
        groups.listeners.forEach(l -> l.groupMessageReceived(line("Carol", "replayed", T0, false, true)));
        groups.listeners.forEach(l -> l.groupMessageReceived(line("Alice", "mine", Instant.now(), true, false)));
        assertEquals(0, p.unread(TEAM));
        assertEquals("Alice: mine", p.preview(TEAM));
        groups.listeners.forEach(l -> l.groupMessageReceived(line("Carol", "新消息\n第二行", Instant.now(), false, false)));
        assertEquals(1, p.unread(TEAM));
        assertEquals("Carol: 新消息 第二行", p.preview(TEAM));
        groups.listeners.forEach(l -> l.groupMessageReceived(new GroupMessage(TEAM, "dan@localhost", "Dan", "Dan joined",
                Instant.now(), false, GroupMessage.Kind.JOINED, false)));
        assertEquals(1, p.unread(TEAM), "notices are not unread");
        assertEquals("Carol: 新消息 第二行", p.preview(TEAM), "nor the latest message");
    }

    @Test
    void offlineMessagesAreCountedOnceWhicheverComesFirst() {
        InboxPresenter p = inbox(new ArrayList<>());
        // delivered before the inbox arrives: the inbox's count replaces ours
        messaging.listeners.forEach(l -> l.messageReceived(received(BOB, "one", T0)));
        messaging.listeners.forEach(l -> l.messageReceived(received(BOB, "two", T0.plusSeconds(1))));
        history.inbox(List.of(chat(BOB, 2, "two", T0.plusSeconds(1)), chat(CAROL, 1, "a", T0.plusSeconds(2))));
        assertEquals(2, p.unread(BOB));
        // delivered after it: counted by the inbox already
        messaging.listeners.forEach(l -> l.messageReceived(received(CAROL, "a", T0.plusSeconds(2))));
        assertEquals(1, p.unread(CAROL));
        // a newer one counts
        messaging.listeners.forEach(l -> l.messageReceived(received(CAROL, "b", T0.plusSeconds(3))));
        assertEquals(2, p.unread(CAROL));
        assertEquals(4, p.total());
    }

    @Test
    void aReadInAnotherSessionResetsTheCount() {
        InboxPresenter p = inbox(new ArrayList<>());
        history.inbox(List.of(chat(BOB, 5, "x", T0)));
        history.listeners.forEach(l -> l.readElsewhere(BOB));
        assertEquals(0, p.unread(BOB));
        assertEquals(List.of(), history.reads(), "the server knows already");
        messaging.listeners.forEach(l -> l.sessionEnded(SessionEnd.LOGGED_OUT));
        assertEquals(0, p.total());
        assertEquals("", p.preview(BOB));
    }

    @Test
    void conversationsAreOrderedByLatestActivity() {
        InboxPresenter p = inbox(new ArrayList<>());
        history.inbox(List.of(chat(CAROL, 0, "c", T0.plusSeconds(20)), chat(BOB, 1, "b", T0.plusSeconds(10))));
        Comparator<String> byName = Comparator.naturalOrder();
        List<String> list = new ArrayList<>(List.of("zed@localhost", BOB, CAROL, "amy@localhost"));
        list.sort(p.byActivity(s -> s, byName));
        assertEquals(List.of(CAROL, BOB, "amy@localhost", "zed@localhost"), list);
        // a message sent moves its chat up, without counting
        p.sent(new ChatMessage(BOB, "alice@localhost", "Alice", "reply", T0.plusSeconds(30), true));
        list.sort(p.byActivity(s -> s, byName));
        assertEquals(List.of(BOB, CAROL, "amy@localhost", "zed@localhost"), list);
        assertEquals("reply", p.preview(BOB));
        assertEquals(1, p.unread(BOB));
        messaging.listeners.forEach(l -> l.messageReceived(received("zed@localhost", "hey", T0.plusSeconds(40))));
        list.sort(p.byActivity(s -> s, byName));
        assertEquals("zed@localhost", list.get(0));
    }

    // ================================================================== history pages

    private record Shown<T>(List<List<T>> pages, List<Boolean> more, List<String> failures)
            implements HistoryPresenter.View<T> {
        Shown() {
            this(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }

        @Override
        public void prepend(List<T> older, boolean hasOlder) {
            pages.add(older);
            more.add(hasOlder);
        }

        @Override
        public void historyFailed(String text) {
            failures.add(text);
        }
    }

    private static ChatMessage mine(String text, Instant time) {
        return new ChatMessage(BOB, "alice@localhost", "Alice", text, time, true);
    }

    @SuppressWarnings("unchecked")
    private <T> void answer(int call, List<T> messages, String older) {
        ((java.util.concurrent.CompletableFuture<HistoryPage<T>>) history.pages().get(call).result())
                .complete(new HistoryPage<>(messages, older));
    }

    @Test
    void openingAChatLoadsTheNewestPageWithoutWhatTheSessionShows() {
        HistoryPresenter p = new HistoryPresenter(history, messaging, en, Runnable::run);
        p.start();
        Shown<ChatMessage> view = new Shown<>();
        ChatMessage live = received(BOB, "are you there?", T0.plusSeconds(100));
        assertTrue(p.hasOlderChat(BOB));
        p.chatOpened(BOB, List.of(live), view);
        p.chatOpened(BOB, List.of(live), view); // opened again while loading: one request
        assertEquals(1, history.pages().size());
        assertNull(history.pages().get(0).older());
        ChatMessage a = received(BOB, "hello", T0);
        ChatMessage b = mine("hi bob", T0.plusSeconds(5));
        ChatMessage archivedLive = received(BOB, "are you there?", T0.plusSeconds(99)); // the server's stamp
        answer(0, List.of(a, b, archivedLive), "c1");
        assertEquals(List.of(List.of(a, b)), view.pages());
        assertEquals(List.of(true), view.more());
        assertEquals(List.of(a, b), p.chatHistory(BOB));

        // the next page is the one before
        p.olderChat(BOB, List.of(a, b, live), view);
        assertEquals("c1", history.pages().get(1).older());
        ChatMessage oldest = received(BOB, "hello", T0.minusSeconds(3600)); // the same text an hour before: not a duplicate
        answer(1, List.of(oldest), null);
        assertEquals(List.of(oldest), view.pages().get(1));
        assertEquals(List.of(true, false), view.more());
        assertEquals(List.of(oldest, a, b), p.chatHistory(BOB));
        assertFalse(p.hasOlderChat(BOB));
        p.olderChat(BOB, List.of(), view);
        assertEquals(2, history.pages().size(), "nothing older to ask for");
        // opened again in the same session: no new request, the pages are kept
        p.chatOpened(BOB, List.of(live), view);
        assertEquals(2, history.pages().size());
        // logged out: forgotten
        messaging.listeners.forEach(l -> l.sessionEnded(SessionEnd.LOGGED_OUT));
        assertEquals(List.of(), p.chatHistory(BOB));
    }

    @Test
    void olderGroupLinesComeWithoutThoseTheGroupReplayed() {
        HistoryPresenter p = new HistoryPresenter(history, messaging, zh, Runnable::run);
        Shown<GroupMessage> view = new Shown<>();
        GroupMessage replayed = line("Carol", "早上好", T0.plusSeconds(10), false, true);
        p.olderGroup(TEAM, List.of(replayed), view);
        assertEquals("groupHistory", history.pages().get(0).operation());
        GroupMessage earlier = line("Bob", "昨天的消息", T0, false, true);
        answer(0, List.of(earlier, line("Carol", "早上好", T0.plusSeconds(10), false, true)), null);
        assertEquals(List.of(List.of(earlier)), view.pages());
        assertEquals(List.of(earlier), p.groupHistory(TEAM));
        assertFalse(p.hasOlderGroup(TEAM));
    }

    @Test
    void aFailedPageSaysWhyAndMayBeAskedAgain() {
        HistoryPresenter p = new HistoryPresenter(history, messaging, en, Runnable::run);
        Shown<ChatMessage> view = new Shown<>();
        p.chatOpened(BOB, List.of(), view);
        history.pages().get(0).result().completeExceptionally(new ServiceException(FailureKind.UNREACHABLE, null));
        assertEquals(1, view.failures().size());
        assertTrue(view.failures().get(0).startsWith("Could not load the history: "), view.failures().get(0));
        p.olderChat(BOB, List.of(), view);
        assertEquals(2, history.pages().size());
        assertNull(history.pages().get(1).older(), "still the newest page");
    }
}
