package org.magpie.client.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.ui.basic.MBasicFactory;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.HistoryPresenter;
import org.magpie.client.model.InboxPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.model.tests.FakeGroupService;
import org.magpie.client.model.tests.FakeHistoryService;
import org.magpie.client.model.tests.FakeMessagingService;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.HistoryPage;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.ui.UiIds;
import org.magpie.client.ui.parts.ChatPart;
import org.magpie.client.ui.parts.ContactsPart;

/**
 * The contacts view with the inbox (red badges, one-line previews, latest activity first, live
 * counts) and a chat that shows its history at once, in real SWT shells over fake services;
 * English and Chinese, with screenshots.
 */
class HistoryPartsTest {

    private static final String BOB = "bob@localhost";
    private static final String LI = "li@localhost";
    private static final String CAROL = "carol@localhost";
    private static final String TEAM = "10001@rooms.localhost";
    private static final String LUNCH = "10002@rooms.localhost";

    private Display display;
    private Shell shell;
    private final FakeMessagingService messaging = new FakeMessagingService();
    private final FakeGroupService groups = new FakeGroupService();
    private final FakeHistoryService history = new FakeHistoryService();
    private InboxPresenter inbox;
    private HistoryPresenter pages;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @BeforeEach
    void openDisplay() {
        display = Display.getDefault();
        messaging.account = "alice@localhost";
        messaging.state = ConnectionState.ONLINE;
        messaging.contacts = List.of(
                new Contact(BOB, "Bob 鲍勃", true, null, Subscription.BOTH, false),
                new Contact(LI, "李四", true, null, Subscription.BOTH, false),
                new Contact(CAROL, "Carol", false, null, Subscription.BOTH, false),
                new Contact("zhang@localhost", "张三", false, null, Subscription.BOTH, false));
        groups.groups = List.of(new Group(TEAM, "10001", "Design 设计组", null, false, Affiliation.OWNER),
                new Group(LUNCH, "10002", "Lunch", null, false, Affiliation.MEMBER));
        history.inbox = List.of(
                new ConversationSummary(TEAM, true, 12, "会议改到下午三点，\n请大家准时参加，带上电脑和上周的设计稿", LI, "李四",
                        MessageKind.TEXT, now.minusSeconds(60), false),
                new ConversationSummary(CAROL, false, 2, "https://upload.localhost/f/9/holiday.jpg", CAROL, "Carol",
                        MessageKind.IMAGE, now.minusSeconds(120), false),
                new ConversationSummary(BOB, false, 120, "see you\nat 3", BOB, "Bob 鲍勃", MessageKind.TEXT,
                        now.minusSeconds(300), false),
                new ConversationSummary(LUNCH, true, 0, "https://upload.localhost/f/7/menu.pdf", "alice@localhost",
                        "Alice 爱丽丝", MessageKind.FILE, now.minusSeconds(600), true));
    }

    @AfterEach
    void close() {
        if (shell != null && !shell.isDisposed()) {
            shell.dispose();
        }
        display.dispose();
    }

    private IEclipseContext context(Locale locale) {
        IEclipseContext context = TestContexts.create(display, locale);
        Texts texts = new Texts(locale);
        context.set(MessagingService.class, messaging);
        context.set(GroupService.class, groups);
        context.set(HistoryService.class, history);
        MessengerPresenter messenger = new MessengerPresenter(messaging, texts, display::asyncExec, new MessengerPresenter.View() {
            @Override
            public void status(ConnectionState state, String text) {
            }

            @Override
            public void showChat(String conversation, String title, List<ChatMessage> messages, boolean toFront) {
            }

            @Override
            public void append(ChatMessage message) {
            }

            @Override
            public void unread(String conversation, int count, int total) {
            }

            @Override
            public void sendFailed(String conversation, String text) {
            }

            @Override
            public void sessionEnded(String text, SessionEnd reason) {
            }
        });
        messenger.start();
        context.set(MessengerPresenter.class, messenger);
        GroupsPresenter groupsPresenter = new GroupsPresenter(groups, texts, display::asyncExec, new GroupsPresenter.View() {
            @Override
            public void showGroupChat(Group group, boolean toFront) {
            }

            @Override
            public void append(GroupMessage message) {
            }

            @Override
            public void unread(String group, int count) {
            }

            @Override
            public void closeGroupChat(String group) {
            }

            @Override
            public void sendFailed(String group, String text) {
            }
        });
        groupsPresenter.start();
        context.set(GroupsPresenter.class, groupsPresenter);
        inbox = new InboxPresenter(history, messaging, groups, texts, display::asyncExec);
        inbox.start();
        context.set(InboxPresenter.class, inbox);
        pages = new HistoryPresenter(history, messaging, texts, display::asyncExec);
        pages.start();
        context.set(HistoryPresenter.class, pages);
        return context;
    }

    private ContactsPart contacts(Locale locale, String title) {
        IEclipseContext context = context(locale);
        shell = new Shell(display);
        shell.setText(title);
        shell.setLayout(new FillLayout());
        shell.setSize(300, 600);
        shell.setLocation(10, 10);
        IEclipseContext partContext = context.createChild("contacts");
        partContext.set(Composite.class, new Composite(shell, SWT.NONE));
        ContactsPart part = ContextInjectionFactory.make(ContactsPart.class, partContext);
        shell.open();
        Screenshots.settle(display, 300);
        return part;
    }

    private static List<String> rows(Table table) {
        List<String> rows = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            rows.add(item.getText());
        }
        return rows;
    }

    @Test
    void contactsShowBadgesAndPreviewsByLatestActivity() {
        ContactsPart part = contacts(Locale.ENGLISH, "Contacts with unread messages (en)");
        assertEquals(List.of("\u25cf Carol   carol@localhost", "\u25cf Bob 鲍勃   bob@localhost", "\u25cf 李四   li@localhost",
                "\u25cf 张三   zhang@localhost"), rows(part.viewer().getTable()), "latest activity first");
        assertEquals(List.of("# Design 设计组   10001", "# Lunch   10002"), rows(part.groups().viewer().getTable()));
        assertEquals("2", inbox.badge(CAROL));
        assertEquals("99+", inbox.badge(BOB));
        assertEquals("12", inbox.badge(TEAM));
        assertEquals("", inbox.badge(LUNCH));
        assertEquals("[Image]", inbox.preview(CAROL));
        assertEquals("see you at 3", inbox.preview(BOB));
        assertEquals("Alice 爱丽丝: [File]", inbox.preview(LUNCH));
        assertTrue(inbox.preview(TEAM).startsWith("李四: 会议改到下午三点， 请") && inbox.preview(TEAM).endsWith("…"),
                inbox.preview(TEAM));
        Screenshots.ofClient(shell, "badges-en");

        // a live message in a closed chat raises its badge and moves it up
        messaging.listeners.forEach(l -> l.messageReceived(new ChatMessage(LI, LI, "李四", "Lunch?", Instant.now(), false)));
        groups.listeners.forEach(l -> l.groupMessageReceived(new GroupMessage(LUNCH, "bob@localhost", "Bob 鲍勃",
                "Noodles today", Instant.now(), false, GroupMessage.Kind.MESSAGE, false)));
        Screenshots.settle(display, 200);
        assertEquals("\u25cf 李四   li@localhost", rows(part.viewer().getTable()).get(0));
        assertEquals("1", inbox.badge(LI));
        assertEquals(List.of("# Lunch   10002", "# Design 设计组   10001"), rows(part.groups().viewer().getTable()));
        assertEquals("Bob 鲍勃: Noodles today", inbox.preview(LUNCH));
        assertEquals(2 + 120 + 12 + 1 + 1, inbox.total());

        // opened: read, and the server told
        inbox.activated(BOB);
        Screenshots.settle(display, 100);
        assertEquals("", inbox.badge(BOB));
        assertEquals(List.of(BOB), history.reads());
    }

    @Test
    void contactsShowBadgesAndPreviewsInChinese() {
        ContactsPart part = contacts(Locale.SIMPLIFIED_CHINESE, "联系人和未读消息 (zh)");
        assertEquals("[图片]", inbox.preview(CAROL));
        assertEquals("Alice 爱丽丝: [文件]", inbox.preview(LUNCH));
        assertEquals(4, part.viewer().getTable().getItemCount());
        Screenshots.ofClient(shell, "badges-zh");
    }

    private ChatPart chat(Locale locale, String title) {
        IEclipseContext context = context(locale);
        shell = new Shell(display);
        shell.setText(title);
        shell.setLayout(new FillLayout());
        shell.setSize(640, 480);
        shell.setLocation(10, 10);
        // one message of this session before the tab opens
        messaging.listeners.forEach(l -> l.messageReceived(new ChatMessage(BOB, BOB, "Bob 鲍勃", "Are you there? 在吗？",
                now.minusSeconds(10), false)));
        Screenshots.settle(display, 100);
        MPart model = MBasicFactory.INSTANCE.createPart();
        model.setLabel("Bob 鲍勃");
        model.getPersistedState().put(UiIds.CHAT_CONVERSATION, BOB);
        IEclipseContext partContext = context.createChild("chat");
        partContext.set(Composite.class, new Composite(shell, SWT.NONE));
        partContext.set(MPart.class, model);
        ChatPart part = ContextInjectionFactory.make(ChatPart.class, partContext);
        shell.open();
        Screenshots.settle(display, 200);
        return part;
    }

    private ChatMessage bob(String text, long secondsAgo) {
        return new ChatMessage(BOB, BOB, "Bob 鲍勃", text, now.minusSeconds(secondsAgo), false);
    }

    private ChatMessage alice(String text, long secondsAgo) {
        return new ChatMessage(BOB, "alice@localhost", "Alice 爱丽丝", text, now.minusSeconds(secondsAgo), true);
    }

    @SuppressWarnings("unchecked")
    private void answer(int call, List<ChatMessage> messages, String older) {
        ((CompletableFuture<HistoryPage<ChatMessage>>) history.pages().get(call).result())
                .complete(new HistoryPage<>(messages, older));
        Screenshots.settle(display, 200);
    }

    @Test
    void aChatShowsItsHistoryAtOnceAndOlderPagesAtTheTop() {
        ChatPart part = chat(Locale.ENGLISH, "Chat with history (en)");
        assertEquals(List.of("Are you there? 在吗？"), part.lines().stream().filter(l -> !l.contains("  ")).toList());
        assertEquals(1, history.pages().size());
        answer(0, List.of(bob("Morning! Did you see the plan?", 3600), alice("Yes, looks good.\nTwo questions though.", 3500),
                bob("Ask away", 3400), bob("Are you there? 在吗？", 9)), "c1");
        List<String> lines = part.lines();
        assertEquals("Morning! Did you see the plan?", lines.get(1), lines.toString());
        assertEquals(1, lines.stream().filter(l -> l.equals("Are you there? 在吗？")).count(), "not twice: " + lines);
        assertEquals("Are you there? 在吗？", lines.get(lines.size() - 1));
        Screenshots.ofClient(shell, "history-en");

        // scrolled to the top: the page before comes first, the place in the text stays
        part.transcript().setTopIndex(0);
        part.transcript().notifyListeners(SWT.MouseVerticalWheel, new org.eclipse.swt.widgets.Event());
        assertEquals(2, history.pages().size());
        assertEquals("c1", history.pages().get(1).older());
        answer(1, List.of(bob("Yesterday's notes are in the shared folder", 86_400)), null);
        assertEquals("Yesterday's notes are in the shared folder", part.lines().get(1));
        part.transcript().setTopIndex(0);
        part.transcript().notifyListeners(SWT.MouseVerticalWheel, new org.eclipse.swt.widgets.Event());
        assertEquals(2, history.pages().size(), "nothing older");
    }

    @Test
    void aChatShowsItsHistoryInChinese() {
        ChatPart part = chat(Locale.SIMPLIFIED_CHINESE, "聊天记录 (zh)");
        answer(0, List.of(bob("早上好！方案看了吗？", 3600), alice("看了，挺好的。\n有两个问题。", 3500), bob("你说", 3400)), null);
        assertEquals("早上好！方案看了吗？", part.lines().get(1));
        Screenshots.ofClient(shell, "history-zh");
    }
}
