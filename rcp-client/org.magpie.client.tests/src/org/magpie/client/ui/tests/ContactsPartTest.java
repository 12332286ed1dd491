package org.magpie.client.ui.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.eclipse.e4.core.contexts.ContextInjectionFactory;
import org.eclipse.e4.core.contexts.IEclipseContext;
import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.RGB;
import org.eclipse.swt.layout.FillLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableItem;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.AddFriendPresenter.Outcome;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.model.tests.FakeMessagingService;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.ui.Messages;
import org.magpie.client.ui.friends.AddFriendDialog;
import org.magpie.client.ui.friends.FriendRequestBar;
import org.magpie.client.ui.parts.ContactsPart;

/**
 * The contacts part in a real SWT shell over a fake service: order and colours, live presence, the
 * filter, double-click and the context menu, the friend-request notification with Accept, Reject and
 * Later, and the add-friend dialog; English and Chinese, with screenshots.
 */
class ContactsPartTest {

    private static final RGB BLUE = new RGB(0x1f, 0x5f, 0xbf);
    private static final RGB GREY = new RGB(0x80, 0x80, 0x80);

    private Display display;
    private Shell shell;
    private final FakeMessagingService service = new FakeMessagingService();
    private final List<String> chats = new ArrayList<>();
    private ContactsPart part;

    @BeforeEach
    void openDisplay() {
        display = Display.getDefault();
        service.account = "alice@localhost";
        service.state = ConnectionState.ONLINE;
    }

    @AfterEach
    void close() {
        if (shell != null && !shell.isDisposed()) {
            shell.dispose();
        }
        display.dispose();
    }

    static Contact contact(String account, String nickname, boolean online) {
        return new Contact(account, nickname, online, null, Subscription.BOTH, false);
    }

    private void open(Locale locale, String title) {
        IEclipseContext context = TestContexts.create(display, locale);
        context.set(MessagingService.class, service);
        MessengerPresenter messenger = new MessengerPresenter(service, new Texts(locale), display::asyncExec,
                new MessengerPresenter.View() {
                    @Override
                    public void status(ConnectionState state, String text) {
                    }

                    @Override
                    public void showChat(String conversation, String tab, List<ChatMessage> history, boolean toFront) {
                        chats.add(conversation + " '" + tab + "'");
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
        context.set(MessengerPresenter.class, messenger);
        shell = new Shell(display);
        shell.setText(title);
        shell.setLayout(new FillLayout());
        Composite parent = new Composite(shell, SWT.NONE);
        IEclipseContext partContext = context.createChild("contacts");
        partContext.set(Composite.class, parent);
        part = ContextInjectionFactory.make(ContactsPart.class, partContext);
        shell.setSize(280, 520); // as narrow as the contacts pane of the main window
        shell.setLocation(10, 10);
        shell.open();
        Screenshots.settle(display, 300);
    }

    private List<String> rows() {
        List<String> rows = new ArrayList<>();
        for (TableItem item : part.viewer().getTable().getItems()) {
            rows.add(item.getText());
        }
        return rows;
    }

    private List<RGB> colours() {
        List<RGB> colours = new ArrayList<>();
        for (TableItem item : part.viewer().getTable().getItems()) {
            colours.add(item.getForeground(0).getRGB());
        }
        return colours;
    }

    private void everybody() {
        service.contacts = List.of(
                contact("bob@localhost", "Bob 鲍勃", true),
                contact("zhang@localhost", "张三", false),
                contact("carol@localhost", "Carol", false),
                new Contact("li@localhost", "李四", true, "开会中", Subscription.BOTH, false),
                new Contact("dave@localhost", "Dave", false, null, Subscription.NONE, true),
                contact("wang@localhost", "王五", false));
    }

    @Test
    void friendsShowOnlineFirstInBlueOfflineInGreyAndFollowPresenceLive() {
        everybody();
        open(Locale.ENGLISH, "Contacts (en)");
        assertEquals(List.of("\u25cf Bob 鲍勃   bob@localhost", "\u25cf 李四   li@localhost \u00b7 开会中",
                "\u25cf Carol   carol@localhost", "\u25cf Dave   dave@localhost \u00b7 request sent",
                "\u25cf 王五   wang@localhost", "\u25cf 张三   zhang@localhost"), rows());
        Screenshots.ofClient(shell, "contacts-en");
        assertEquals(List.of(BLUE, BLUE, GREY, GREY, GREY, GREY), colours());
        assertFalse(part.placeholder().isVisible(), "no placeholder over a list");

        // carol comes online, bob goes
        service.listeners.forEach(l -> l.contactChanged(contact("carol@localhost", "Carol", true)));
        service.listeners.forEach(l -> l.contactChanged(contact("bob@localhost", "Bob 鲍勃", false)));
        Screenshots.settle(display, 100);
        assertEquals(List.of("Carol", "李四", "Bob 鲍勃", "Dave", "王五", "张三"), nicknames());
        assertEquals(List.of(BLUE, BLUE, GREY, GREY, GREY, GREY), colours());

        // filter by nickname or account, any case
        part.filterField().setText("CAR");
        Screenshots.settle(display, 50);
        assertEquals(List.of("Carol"), nicknames());
        part.filterField().setText("zhang");
        assertEquals(List.of("张三"), nicknames());
        part.filterField().setText("nobody");
        assertEquals(List.of(), nicknames());
        assertTrue(part.placeholder().isVisible());
        assertEquals("No contact matches \u201cnobody\u201d.", part.placeholder().getText());
        part.filterField().setText("");
        assertEquals(6, nicknames().size());

        // logged out: the list empties
        service.contacts(List.of());
        Screenshots.settle(display, 50);
        assertEquals(List.of(), rows());
        assertTrue(part.placeholder().isVisible());
    }

    private List<String> nicknames() {
        return part.presenter().shown().stream().map(Contact::nickname).toList();
    }

    @Test
    void doubleClickOrTheMenuOpensTheChatAndRemovingAsksFirst() {
        everybody();
        open(Locale.ENGLISH, "Contacts (en)");
        Table table = part.viewer().getTable();
        table.setSelection(1);
        table.notifyListeners(SWT.DefaultSelection, new Event()); // what a double-click sends
        assertEquals(List.of("li@localhost '李四'"), chats);

        table.setSelection(0);
        table.notifyListeners(SWT.Selection, new Event());
        part.menu().notifyListeners(SWT.Show, new Event());
        MenuItem[] items = part.menu().getItems();
        assertEquals("Chat", items[0].getText());
        assertEquals("Remove Friend\u2026", items[2].getText());
        assertTrue(items[0].isEnabled() && items[2].isEnabled());
        items[0].notifyListeners(SWT.Selection, new Event());
        assertEquals("bob@localhost 'Bob 鲍勃'", chats.get(1));

        // remove: "No" keeps the friend, "Yes" removes
        answerQuestion("No");
        items[2].notifyListeners(SWT.Selection, new Event());
        assertEquals(List.of(), service.calls("removeFriend"));
        answerQuestion("Yes");
        items[2].notifyListeners(SWT.Selection, new Event());
        assertEquals(List.of("bob@localhost"), service.calls("removeFriend").get(0).args());
        assertTrue(questions.get(0).startsWith("Remove Friend: Remove Bob 鲍勃 (bob@localhost) from your friends?"),
                questions.toString());
    }

    private final List<String> questions = new ArrayList<>();

    /** Answers the next question dialog (it runs its own event loop) by clicking the button with that label. */
    private void answerQuestion(String label) {
        Runnable[] poll = new Runnable[1];
        poll[0] = () -> {
            for (Shell s : display.getShells()) {
                if (s.getData() instanceof MessageDialog && s.isVisible()) {
                    questions.add(s.getText() + ": " + labels(s));
                    Screenshots.ofClient(s, "remove-friend-question");
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

    @Test
    void requestsShowOneAfterAnotherWithAcceptRejectAndLater() {
        service.contacts = List.of(contact("bob@localhost", "Bob 鲍勃", true), contact("carol@localhost", "Carol", false));
        open(Locale.ENGLISH, "Contacts (en)");
        FriendRequestBar bar = part.requestBar();
        assertFalse(bar.isShowing(), "no request, no notification");

        service.request(new FriendRequest("dave@localhost", "Dave 大卫", "Hi Alice, we met at the kick-off meeting."));
        service.request(new FriendRequest("erin@localhost", "Erin", null));
        service.request(new FriendRequest("frank@localhost", "Frank", "同事 Frank"));
        service.request(new FriendRequest("dave@localhost", "Dave 大卫", "Hi Alice, we met at the kick-off meeting."));
        Screenshots.settle(display, 300);
        assertTrue(bar.isShowing());
        assertEquals("Dave 大卫 (dave@localhost) wants to add you as a friend.", bar.text().getText());
        assertEquals("\u201cHi Alice, we met at the kick-off meeting.\u201d", bar.greeting().getText());
        assertEquals("Request 1 of 3", bar.queue().getText());
        assertEquals(List.of("Accept", "Reject", "Later"),
                List.of(bar.accept().getText(), bar.reject().getText(), bar.later().getText()));
        assertFullyVisible(bar.accept(), bar.reject(), bar.later());
        Screenshots.ofClient(shell, "friend-request-en");

        click(bar.accept());
        assertEquals(List.of("dave@localhost"), service.last().args());
        assertEquals("acceptRequest", service.last().operation());
        service.last().result().complete(null);
        Screenshots.settle(display, 100);
        assertEquals("Erin (erin@localhost) wants to add you as a friend.", bar.text().getText());
        assertFalse(bar.greeting().isVisible(), "no greeting, no empty line");
        assertEquals("Request 1 of 2", bar.queue().getText());

        click(bar.later());
        assertEquals(1, service.calls.size(), "later does not answer");
        assertEquals("Frank (frank@localhost) wants to add you as a friend.", bar.text().getText());
        assertFalse(bar.queue().isVisible(), "the last one: no count");

        click(bar.reject());
        assertEquals("rejectRequest", service.last().operation());
        assertEquals(List.of("frank@localhost"), service.last().args());
        Screenshots.settle(display, 100);
        assertFalse(bar.isShowing(), "all answered or left for later");
    }

    @Test
    void contactsAndRequestsInChinese() {
        everybody();
        service.requests = List.of(new FriendRequest("zhao@localhost", "赵六", "你好，我是市场部的赵六。"),
                new FriendRequest("erin@localhost", "Erin", null));
        open(Locale.SIMPLIFIED_CHINESE, "联系人 (zh)");
        FriendRequestBar bar = part.requestBar();
        assertEquals("赵六（zhao@localhost）请求添加您为好友。", bar.text().getText());
        assertEquals("第 1 个，共 2 个请求", bar.queue().getText());
        assertEquals(List.of("接受", "拒绝", "稍后"), List.of(bar.accept().getText(), bar.reject().getText(), bar.later().getText()));
        assertEquals("添加好友…", part.addFriendButton().getText());
        assertEquals("筛选好友", part.filterField().getMessage());
        assertEquals("\u25cf 李四   li@localhost \u00b7 开会中", rows().get(1));
        assertFullyVisible(bar.accept(), bar.reject(), bar.later(), part.addFriendButton());
        Screenshots.ofClient(shell, "friend-request-zh");
        click(bar.later());
        click(bar.later());
        Screenshots.settle(display, 200);
        Screenshots.ofClient(shell, "contacts-zh");
    }

    @Test
    void addFriendDialogSaysHowTheRequestWent() {
        open(Locale.ENGLISH, "Contacts (en)");
        AddFriendDialog dialog = openAddFriend();
        dialog.account().setText("nobody");
        click(getButton(dialog, "addfriend.send"));
        assertEquals(List.of("nobody@localhost", ""), service.last().args());
        service.last().result().completeExceptionally(new ServiceException(FailureKind.NO_SUCH_ACCOUNT, null));
        Screenshots.settle(display, 200);
        assertEquals(Outcome.NO_SUCH_ACCOUNT, dialog.outcome());
        assertEquals("There is no account nobody@localhost. Check the account name.", dialog.resultText());
        Screenshots.ofClient(dialog.getShell(), "add-friend-no-such-account-en");

        dialog.account().setText("carol");
        dialog.greeting().setText("Hi Carol, it's Alice from the design team.");
        click(getButton(dialog, "addfriend.send"));
        assertEquals(List.of("carol@localhost", "Hi Carol, it's Alice from the design team."), service.last().args());
        service.last().result().complete(null);
        Screenshots.settle(display, 200);
        assertEquals(Outcome.SENT, dialog.outcome());
        assertEquals("", dialog.account().getText(), "ready for the next one");
        Screenshots.ofClient(dialog.getShell(), "add-friend-sent-en");
        dialog.close();
    }

    @Test
    void addFriendDialogInChinese() {
        service.contacts = List.of(contact("bob@localhost", "鲍勃", true));
        open(Locale.SIMPLIFIED_CHINESE, "联系人 (zh)");
        AddFriendDialog dialog = openAddFriend();
        assertEquals("添加好友", dialog.getShell().getText());
        dialog.account().setText("bob");
        dialog.greeting().setText("你好！");
        click(getButton(dialog, "addfriend.send"));
        Screenshots.settle(display, 200);
        assertEquals(Outcome.ALREADY_FRIENDS, dialog.outcome());
        assertEquals("鲍勃（bob@localhost）已经是您的好友。", dialog.resultText());
        assertEquals(List.of(), service.calls("requestFriend"), "asked nobody");
        dialog.account().setText("carol");
        click(getButton(dialog, "addfriend.send"));
        service.last().result().complete(null);
        Screenshots.settle(display, 200);
        assertEquals("已向 carol@localhost 发送好友请求。对方如果现在不在线，会在下次上线时看到。", dialog.resultText());
        Screenshots.ofClient(dialog.getShell(), "add-friend-zh");
        dialog.close();
    }

    private AddFriendDialog openAddFriend() {
        // the part's button opens the dialog modally: close it from inside its own event loop
        List<String> opened = new ArrayList<>();
        display.timerExec(200, () -> {
            for (Shell s : display.getShells()) {
                if (s.getData() instanceof AddFriendDialog d) {
                    opened.add(s.getText());
                    d.close();
                }
            }
        });
        click(part.addFriendButton());
        assertEquals(1, opened.size(), "the button opens the dialog");
        // the test's own, not blocking
        AddFriendDialog dialog = new AddFriendDialog(shell, new Messages(localeOf()), view ->
                new org.magpie.client.model.AddFriendPresenter(service, new Texts(localeOf()), display::asyncExec, view));
        dialog.setBlockOnOpen(false);
        dialog.open();
        Screenshots.settle(display, 300);
        assertNotNull(dialog.getShell());
        return dialog;
    }

    private Locale localeOf() {
        return part.addFriendButton().getText().startsWith("添加") ? Locale.SIMPLIFIED_CHINESE : Locale.ENGLISH;
    }

    private static Button getButton(AddFriendDialog dialog, String field) {
        List<Button> found = new ArrayList<>();
        collect(dialog.getShell(), field, found);
        assertEquals(1, found.size(), field);
        return found.get(0);
    }

    private static void collect(Composite c, String field, List<Button> found) {
        for (var child : c.getChildren()) {
            if (child instanceof Button b && field.equals(b.getData(org.magpie.client.ui.login.LoginDialog.FIELD))) {
                found.add(b);
            } else if (child instanceof Composite inner) {
                collect(inner, field, found);
            }
        }
    }

    private void click(Button b) {
        b.notifyListeners(SWT.Selection, new Event());
        Screenshots.settle(display, 50);
    }

    /** Each control is shown whole inside the shell (not clipped by a narrow contacts pane). */
    private void assertFullyVisible(org.eclipse.swt.widgets.Control... controls) {
        org.eclipse.swt.graphics.Rectangle client = shell.getClientArea();
        for (var c : controls) {
            org.eclipse.swt.graphics.Rectangle r = display.map(c.getParent(), shell, c.getBounds());
            assertTrue(c.isVisible() && r.x >= 0 && r.x + r.width <= client.width, c + " at " + r + " in " + client);
            org.eclipse.swt.graphics.Point wanted = c.computeSize(SWT.DEFAULT, SWT.DEFAULT);
            assertTrue(r.width >= wanted.x, c + " is clipped: " + r.width + " < " + wanted.x);
        }
    }
}
