package org.magpie.client.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.e4.ui.model.application.ui.basic.MBasicFactory;
import org.eclipse.e4.ui.model.application.ui.basic.MPart;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.CreateGroupPresenter;
import org.magpie.client.model.GroupsPresenter;
import org.magpie.client.model.JoinGroupPresenter;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.model.tests.FakeGroupService;
import org.magpie.client.model.tests.FakeMessagingService;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupMessage.Kind;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.ui.GroupChatParts;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.groups.CreateGroupDialog;
import org.magpie.client.ui.groups.JoinGroupDialog;
import org.magpie.client.ui.login.LoginDialog;
import org.magpie.client.ui.parts.ContactsPart;
import org.magpie.client.ui.parts.GroupChatPart;
import org.magpie.client.ui.parts.GroupMembersPart;

/**
 * The group views in real SWT shells over fake services: the member list (order, colours, live,
 * double-click to chat or to offer a friend request), the groups in the contacts view, a group
 * chat with notices beside its members, and the create and join dialogs; English and Chinese,
 * with screenshots.
 */
class GroupsPartsTest {

    private static final RGB BLUE = new RGB(0x1f, 0x5f, 0xbf);
    private static final RGB GREY = new RGB(0x80, 0x80, 0x80);
    private static final String TEAM = "10001@rooms.localhost";

    private Display display;
    private Shell shell;
    private final FakeMessagingService messaging = new FakeMessagingService();
    private final FakeGroupService groups = new FakeGroupService();
    private final List<String> opened = new ArrayList<>();
    private GroupsPresenter groupsPresenter;

    @BeforeEach
    void openDisplay() {
        display = Display.getDefault();
        messaging.account = "alice@localhost";
        messaging.state = ConnectionState.ONLINE;
        messaging.contacts = List.of(new Contact("bob@localhost", "Bob 鲍勃", true, null, Subscription.BOTH, false));
        groups.groups = List.of(new Group(TEAM, "10001", "Design 设计组", null, false, Affiliation.OWNER),
                new Group("10002@rooms.localhost", "10002", "Lunch", null, false, Affiliation.MEMBER));
        groups.members.put(TEAM, List.of(
                new GroupMember(TEAM, "alice@localhost", "Alice 爱丽丝", Affiliation.OWNER, true),
                new GroupMember(TEAM, "zhang@localhost", "张三", Affiliation.MEMBER, false),
                new GroupMember(TEAM, "bob@localhost", "Bob 鲍勃", Affiliation.MEMBER, true),
                new GroupMember(TEAM, "carol@localhost", "Carol", Affiliation.ADMIN, false),
                new GroupMember(TEAM, "li@localhost", "李四", Affiliation.MEMBER, true),
                new GroupMember(TEAM, "dave@localhost", "Dave", Affiliation.MEMBER, false)));
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
        context.set(MessagingService.class, messaging);
        context.set(GroupService.class, groups);
        context.set(MessengerPresenter.class, new MessengerPresenter(messaging, new Texts(locale), display::asyncExec,
                new MessengerPresenter.View() {
                    @Override
                    public void status(ConnectionState state, String text) {
                    }

                    @Override
                    public void showChat(String conversation, String title, List<ChatMessage> history, boolean toFront) {
                        opened.add("chat " + conversation + " '" + title + "'");
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
                }));
        groupsPresenter = new GroupsPresenter(groups, new Texts(locale), display::asyncExec, new GroupsPresenter.View() {
            @Override
            public void showGroupChat(Group group, boolean toFront) {
                opened.add("group " + group.address() + " '" + group.name() + "'");
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
        return context;
    }

    private Shell shell(String title, int width, int height) {
        shell = new Shell(display);
        shell.setText(title);
        shell.setLayout(new FillLayout());
        shell.setSize(width, height);
        shell.setLocation(10, 10);
        return shell;
    }

    // ================================================================== members

    private GroupMembersPart members(Locale locale) {
        IEclipseContext context = context(locale);
        shell("Members", 300, 420);
        IEclipseContext partContext = context.createChild("members");
        partContext.set(Composite.class, new Composite(shell, SWT.NONE));
        partContext.set(GroupChatParts.GROUP, TEAM);
        GroupMembersPart part = ContextInjectionFactory.make(GroupMembersPart.class, partContext);
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

    private static List<RGB> colours(Table table) {
        List<RGB> colours = new ArrayList<>();
        for (TableItem item : table.getItems()) {
            colours.add(item.getForeground(0).getRGB());
        }
        return colours;
    }

    @Test
    void membersShowOnlineFirstInBlueOfflineInGreyAndFollowPresenceLive() {
        GroupMembersPart part = members(Locale.ENGLISH);
        Table table = part.viewer().getTable();
        assertEquals("Members (3 of 6 online)", part.title().getText());
        assertEquals(List.of("\u25cf Alice 爱丽丝 (you)   alice@localhost \u00b7 owner", "\u25cf Bob 鲍勃   bob@localhost",
                "\u25cf 李四   li@localhost", "\u25cf Carol   carol@localhost \u00b7 admin", "\u25cf Dave   dave@localhost",
                "\u25cf 张三   zhang@localhost"), rows(table));
        assertEquals(List.of(BLUE, BLUE, BLUE, GREY, GREY, GREY), colours(table));
        Screenshots.ofClient(shell, "members-en");

        // 张三 comes, Bob goes, Erin joins the group
        List<GroupMember> now = new ArrayList<>(groups.members(TEAM));
        now.replaceAll(m -> switch (m.account()) {
            case "zhang@localhost" -> new GroupMember(TEAM, m.account(), m.nickname(), m.affiliation(), true);
            case "bob@localhost" -> new GroupMember(TEAM, m.account(), m.nickname(), m.affiliation(), false);
            default -> m;
        });
        now.add(new GroupMember(TEAM, "erin@localhost", "Erin", Affiliation.MEMBER, true));
        groups.members(TEAM, now);
        Screenshots.settle(display, 100);
        assertEquals("Members (4 of 7 online)", part.title().getText());
        assertEquals(List.of("Alice 爱丽丝", "Erin", "李四", "张三", "Bob 鲍勃", "Carol", "Dave"),
                part.presenter().shown().stream().map(GroupMember::nickname).toList());
        assertEquals(List.of(BLUE, BLUE, BLUE, BLUE, GREY, GREY, GREY), colours(table));
    }

    @Test
    void doubleClickChatsWithAFriendOrOffersAFriendRequest() {
        GroupMembersPart part = members(Locale.ENGLISH);
        Table table = part.viewer().getTable();
        table.setSelection(1); // Bob, a friend
        table.notifyListeners(SWT.DefaultSelection, new Event()); // what a double-click sends
        assertEquals(List.of("chat bob@localhost 'Bob 鲍勃'"), opened);

        table.setSelection(0); // oneself: nothing
        table.notifyListeners(SWT.DefaultSelection, new Event());
        assertEquals(1, opened.size());

        table.setSelection(2); // 李四, not a friend: "No" sends nothing
        answerQuestion("No");
        table.notifyListeners(SWT.DefaultSelection, new Event());
        assertEquals(List.of(), messaging.calls("requestFriend"));
        answerQuestion("Yes");
        table.notifyListeners(SWT.DefaultSelection, new Event());
        assertEquals(List.of("li@localhost", ""), messaging.calls("requestFriend").get(0).args());
        messaging.last().result().complete(null);
        Screenshots.settle(display, 200);
        assertEquals("Friend request sent to 李四.", part.status().getText());
        assertTrue(part.status().isVisible());
        assertEquals(List.of("Send Friend Request: 李四 (li@localhost) is not your friend yet. Send a friend request?",
                "Send Friend Request: 李四 (li@localhost) is not your friend yet. Send a friend request?"),
                questions.stream().map(String::strip).toList());
        assertEquals(1, opened.size(), "no chat with a non-friend");
        Screenshots.ofClient(shell, "members-request-sent-en");
    }

    @Test
    void membersInChinese() {
        GroupMembersPart part = members(Locale.SIMPLIFIED_CHINESE);
        assertEquals("群成员（3/6 在线）", part.title().getText());
        assertEquals("\u25cf Alice 爱丽丝（我）   alice@localhost \u00b7 群主", part.viewer().getTable().getItem(0).getText());
        assertEquals("\u25cf Carol   carol@localhost \u00b7 管理员", part.viewer().getTable().getItem(3).getText());
        Screenshots.ofClient(shell, "members-zh");
    }

    // ================================================================== contacts view and group chat

    private ContactsPart contacts(Locale locale, String title) {
        IEclipseContext context = context(locale);
        shell(title, 280, 560);
        IEclipseContext partContext = context.createChild("contacts");
        partContext.set(Composite.class, new Composite(shell, SWT.NONE));
        ContactsPart part = ContextInjectionFactory.make(ContactsPart.class, partContext);
        shell.open();
        Screenshots.settle(display, 300);
        return part;
    }

    @Test
    void groupsShowUnderTheFriendsAndOpenByDoubleClick() {
        ContactsPart part = contacts(Locale.ENGLISH, "Contacts with groups (en)");
        Table table = part.groups().viewer().getTable();
        assertEquals(List.of("# Design 设计组   10001", "# Lunch   10002"), rows(table));
        assertEquals("Create\u2026", part.groups().createButton().getText());
        assertEquals("Join\u2026", part.groups().joinButton().getText());
        assertTrue(part.groups().createButton().isEnabled() && part.groups().joinButton().isEnabled());
        assertFalse(part.groups().placeholder().isVisible());

        // a message to a group whose chat is not in front: counted
        groups.message(new GroupMessage(TEAM, "bob@localhost", "Bob 鲍勃", "hi all", Instant.now(), false, Kind.MESSAGE, false));
        Screenshots.settle(display, 100);
        assertEquals("# Design 设计组   10001  (1)", table.getItem(0).getText());
        Screenshots.ofClient(shell, "group-contacts-en");

        table.setSelection(1);
        table.notifyListeners(SWT.DefaultSelection, new Event());
        Screenshots.settle(display, 50);
        assertEquals(List.of("group 10002@rooms.localhost 'Lunch'"), opened);

        groups.groups(List.of());
        Screenshots.settle(display, 100);
        assertTrue(part.groups().placeholder().isVisible());
        assertEquals("No groups yet. Create one, or join one by its number.", part.groups().placeholder().getText());
    }

    @Test
    void groupsInTheContactsViewInChinese() {
        ContactsPart part = contacts(Locale.SIMPLIFIED_CHINESE, "联系人和群 (zh)");
        assertEquals("创建…", part.groups().createButton().getText());
        assertEquals("加入…", part.groups().joinButton().getText());
        assertEquals(List.of("# Design 设计组   10001", "# Lunch   10002"), rows(part.groups().viewer().getTable()));
        Screenshots.ofClient(shell, "group-contacts-zh");
    }

    private GroupChatPart groupChat(Locale locale, String title) {
        IEclipseContext context = context(locale);
        shell(title, 820, 480);
        groupsPresenter.open(groups.groups.get(0));
        Instant t = Instant.now();
        groups.message(new GroupMessage(TEAM, "bob@localhost", "Bob 鲍勃", "Bob 鲍勃 joined the group", t, false, Kind.JOINED, false));
        groups.message(new GroupMessage(TEAM, "bob@localhost", "Bob 鲍勃", "Hello everyone! 大家好", t, false, Kind.MESSAGE, false));
        groups.message(new GroupMessage(TEAM, "alice@localhost", "Alice 爱丽丝", "Welcome, Bob.", t, true, Kind.MESSAGE, false));
        groups.message(new GroupMessage(TEAM, "li@localhost", "李四", "李四 joined the group", t, false, Kind.JOINED, false));
        Screenshots.settle(display, 100);
        MPart model = MBasicFactory.INSTANCE.createPart();
        model.setLabel("Design 设计组");
        model.getPersistedState().put(GroupChatParts.GROUP, TEAM);
        IEclipseContext partContext = context.createChild("group chat");
        partContext.set(Composite.class, new Composite(shell, SWT.NONE));
        partContext.set(MPart.class, model);
        GroupChatPart part = ContextInjectionFactory.make(GroupChatPart.class, partContext);
        shell.open();
        Screenshots.settle(display, 300);
        return part;
    }

    @Test
    void aGroupChatShowsNicknamesAndCentredNoticesBesideItsMembers() {
        GroupChatPart part = groupChat(Locale.ENGLISH, "Group chat (en)");
        assertEquals("Design 设计组 \u00b7 group 10001", part.header().getText());
        List<String> lines = part.lines();
        assertEquals("Bob 鲍勃 joined the group", lines.get(0));
        assertTrue(lines.get(2).startsWith("Bob 鲍勃  "), lines.toString());
        assertEquals("Hello everyone! 大家好", lines.get(3));
        assertEquals("李四 joined the group", lines.get(lines.size() - 1));
        assertEquals(SWT.CENTER, part.transcript().getLineAlignment(0), "a notice stands in the middle");
        assertEquals(SWT.LEFT, part.transcript().getLineAlignment(2));
        assertEquals(SWT.RIGHT, part.transcript().getLineAlignment(5), "own messages on the right");
        assertEquals("Members (3 of 6 online)", part.members().title().getText());
        Screenshots.ofClient(shell, "group-chat-en");

        part.input().setText("Lunch at 12?");
        part.send().notifyListeners(SWT.Selection, new Event());
        assertEquals(List.of(TEAM, "Lunch at 12?"), groups.last().args());
        assertEquals("", part.input().getText());
    }

    @Test
    void aGroupChatInChinese() {
        GroupChatPart part = groupChat(Locale.SIMPLIFIED_CHINESE, "群聊 (zh)");
        assertEquals("Design 设计组 · 群号 10001", part.header().getText());
        assertEquals("Bob 鲍勃 加入了群", part.lines().get(0));
        assertEquals("群成员（3/6 在线）", part.members().title().getText());
        Screenshots.ofClient(shell, "group-chat-zh");
    }

    // ================================================================== dialogs

    @Test
    void createGroupDialogSaysHowItWent() {
        context(Locale.ENGLISH);
        shell("Main", 300, 200).open();
        CreateGroupDialog dialog = new CreateGroupDialog(shell, new Messages(Locale.ENGLISH),
                view -> new CreateGroupPresenter(groups, new Texts(Locale.ENGLISH), display::asyncExec, view));
        dialog.setBlockOnOpen(false);
        dialog.open();
        Screenshots.settle(display, 300);
        assertEquals("Create Group", dialog.getShell().getText());
        dialog.number().setText("10001");
        click(button(dialog.getShell(), "creategroup.button"));
        assertEquals("Enter a name for the group.", dialog.resultText());
        assertEquals(List.of(), groups.calls);

        dialog.name().setText("Design 设计组");
        click(button(dialog.getShell(), "creategroup.button"));
        assertEquals(List.of("10001", "Design 设计组", "false"), groups.last().args());
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.GROUP_NUMBER_TAKEN, null));
        Screenshots.settle(display, 200);
        assertEquals(CreateGroupPresenter.Outcome.NUMBER_TAKEN, dialog.outcome());
        Screenshots.ofClient(dialog.getShell(), "create-group-taken-en");

        dialog.number().setText("");
        click(button(dialog.getShell(), "creategroup.button"));
        assertEquals(List.of("", "Design 设计组", "false"), groups.last().args(), "no number: the next free one");
        Group created = new Group("10003@rooms.localhost", "10003", "Design 设计组", null, false, Affiliation.OWNER);
        ((CompletableFuture<Group>) groups.last().result()).complete(created);
        Screenshots.settle(display, 200);
        assertEquals("Group Design 设计组 (10003) has been created. Others join it with the number 10003.", dialog.resultText());
        assertEquals(created, dialog.group(), "its chat opens when the dialog closes");
        Screenshots.ofClient(dialog.getShell(), "create-group-en");
        dialog.close();
    }

    @Test
    void createGroupDialogInChinese() {
        context(Locale.SIMPLIFIED_CHINESE);
        shell("Main", 300, 200).open();
        CreateGroupDialog dialog = new CreateGroupDialog(shell, new Messages(Locale.SIMPLIFIED_CHINESE),
                view -> new CreateGroupPresenter(groups, new Texts(Locale.SIMPLIFIED_CHINESE), display::asyncExec, view));
        dialog.setBlockOnOpen(false);
        dialog.open();
        Screenshots.settle(display, 300);
        assertEquals("创建群", dialog.getShell().getText());
        dialog.name().setText("设计组");
        dialog.number().setText("1000a");
        click(button(dialog.getShell(), "creategroup.button"));
        assertEquals("群号只能是数字，例如 10001。", dialog.resultText());
        Screenshots.ofClient(dialog.getShell(), "create-group-zh");
        dialog.close();
    }

    @Test
    void joinGroupDialogSaysHowItWent() {
        context(Locale.ENGLISH);
        shell("Main", 300, 200).open();
        JoinGroupDialog dialog = new JoinGroupDialog(shell, new Messages(Locale.ENGLISH),
                view -> new JoinGroupPresenter(groups, new Texts(Locale.ENGLISH), display::asyncExec, view));
        dialog.setBlockOnOpen(false);
        dialog.open();
        Screenshots.settle(display, 300);
        dialog.number().setText("99999");
        click(button(dialog.getShell(), "joingroup.button"));
        assertEquals(List.of("99999"), groups.last().args());
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.NO_SUCH_GROUP, null));
        Screenshots.settle(display, 200);
        assertEquals(JoinGroupPresenter.Outcome.NO_SUCH_GROUP, dialog.outcome());
        assertEquals("There is no group with the number 99999. Check the number.", dialog.resultText());
        Screenshots.ofClient(dialog.getShell(), "join-group-no-such-group-en");

        dialog.number().setText("10005");
        click(button(dialog.getShell(), "joingroup.button"));
        Group joined = new Group("10005@rooms.localhost", "10005", "Book club", null, false, Affiliation.MEMBER);
        ((CompletableFuture<Group>) groups.last().result()).complete(joined);
        Screenshots.settle(display, 200);
        assertEquals("You joined the group Book club (10005).", dialog.resultText());
        assertEquals(joined, dialog.group());
        Screenshots.ofClient(dialog.getShell(), "join-group-en");
        dialog.close();
    }

    @Test
    void joinGroupDialogInChinese() {
        context(Locale.SIMPLIFIED_CHINESE);
        shell("Main", 300, 200).open();
        JoinGroupDialog dialog = new JoinGroupDialog(shell, new Messages(Locale.SIMPLIFIED_CHINESE),
                view -> new JoinGroupPresenter(groups, new Texts(Locale.SIMPLIFIED_CHINESE), display::asyncExec, view));
        dialog.setBlockOnOpen(false);
        dialog.open();
        Screenshots.settle(display, 300);
        assertEquals("加入群", dialog.getShell().getText());
        dialog.number().setText("10009");
        click(button(dialog.getShell(), "joingroup.button"));
        groups.last().result().completeExceptionally(new ServiceException(FailureKind.MEMBERS_ONLY, null));
        Screenshots.settle(display, 200);
        assertEquals("群 10009 只允许成员加入，请让群成员邀请您。", dialog.resultText());
        Screenshots.ofClient(dialog.getShell(), "join-group-zh");
        dialog.close();
    }

    // ------------------------------------------------------------------ helpers

    private final List<String> questions = new ArrayList<>();

    /** Answers the next question dialog (it runs its own event loop) by clicking the button with that label. */
    private void answerQuestion(String label) {
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            for (Shell s : display.getShells()) {
                if (s.getData() instanceof MessageDialog && s.isVisible()) {
                    questions.add(s.getText() + ": " + labels(s));
                    for (Button b : buttons(s)) {
                        if (b.getText().replace("&", "").equals(label)) {
                            b.notifyListeners(SWT.Selection, new Event());
                            return;
                        }
                    }
                    throw new AssertionError("no button " + label);
                }
            }
            display.timerExec(50, poll[0]);
        };
        display.timerExec(50, poll[0]);
    }

    private static List<Button> buttons(Composite c) {
        List<Button> found = new ArrayList<>();
        for (var child : c.getChildren()) {
            if (child instanceof Button b) {
                found.add(b);
            } else if (child instanceof Composite inner) {
                found.addAll(buttons(inner));
            }
        }
        return found;
    }

    private static String labels(Composite c) {
        StringBuilder b = new StringBuilder();
        for (var child : c.getChildren()) {
            if (child instanceof org.eclipse.swt.widgets.Label l) {
                b.append(l.getText()).append(' ');
            } else if (child instanceof Composite inner) {
                b.append(labels(inner));
            }
        }
        return b.toString();
    }

    private static Button button(Composite parent, String field) {
        for (var c : parent.getChildren()) {
            if (c instanceof Button b && field.equals(b.getData(LoginDialog.FIELD))) {
                return b;
            }
            if (c instanceof Composite inner) {
                Button b = button(inner, field);
                if (b != null) {
                    return b;
                }
            }
        }
        return null;
    }

    private void click(Button b) {
        assertNotNull(b);
        b.notifyListeners(SWT.Selection, new Event());
        Screenshots.settle(display, 50);
    }
}
