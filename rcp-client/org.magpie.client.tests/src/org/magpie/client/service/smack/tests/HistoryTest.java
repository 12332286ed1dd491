package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;
import static org.magpie.client.service.smack.tests.FriendsTest.eventually;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.HistoryListener;
import org.magpie.client.service.HistoryPage;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessageKind;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * History and the inbox through the service against the real server (two sessions per account
 * allowed): messages sent while the user was offline arrive at login in order and once, and the
 * inbox counts them with the latest message; chat history newest page first, then older pages;
 * a group's history for its members only, with the group's line in the inbox; a read in one
 * session resets the count in the other.
 */
class HistoryTest {

    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path tmp;

    private static MagpieServer server;
    private final List<SmackMessagingService> services = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = MagpieServer.start(tmp, "server.sessions.per.account=2");
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeServices() {
        services.forEach(SmackMessagingService::close);
    }

    /** What a history listener heard. */
    static final class Inboxes implements HistoryListener, MessagingListener {
        final List<List<ConversationSummary>> inboxes = new CopyOnWriteArrayList<>();
        final List<String> reads = new CopyOnWriteArrayList<>();
        final List<ChatMessage> messages = new CopyOnWriteArrayList<>();

        @Override
        public void messageReceived(ChatMessage message) {
            messages.add(message);
        }

        @Override
        public void inboxChanged(List<ConversationSummary> inbox) {
            inboxes.add(inbox);
        }

        @Override
        public void readElsewhere(String conversation) {
            reads.add(conversation);
        }

        ConversationSummary last(String conversation) {
            if (inboxes.isEmpty()) {
                return null;
            }
            return inboxes.get(inboxes.size() - 1).stream().filter(s -> s.conversation().equals(conversation)).findFirst()
                    .orElse(null);
        }
    }

    private record User(String account, SmackMessagingService service, Recorder heard, HistoryService history,
            Inboxes inbox) {
    }

    @Test
    void offlineMessagesArriveAtLoginInOrderOnceAndTheInboxCountsThem() throws Exception {
        String a = register("Alice 爱丽丝");
        String b = register("Bob 鲍勃");
        User bob = login(b);
        List<String> texts = List.of("one", "two\nlines", "https://upload.localhost/f/1/photo.png", "三");
        for (String t : texts) {
            done(bob.service.send(a, t));
        }
        // the server has them all once bob's own inbox shows the last one
        eventually(() -> summary(bob, a), s -> s != null && "三".equals(s.lastText()));
        assertEquals(0, summary(bob, a).unread(), "own messages are not unread");
        assertTrue(summary(bob, a).lastOwn());

        User alice = login(a);
        List<ChatMessage> got = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            got.add(alice.heard.awaitMessage(WAIT));
        }
        assertEquals(texts, got.stream().map(ChatMessage::text).toList(), "in order");
        for (ChatMessage m : got) {
            assertEquals(b, m.conversation());
            assertEquals("Bob 鲍勃", m.senderNickname());
            assertFalse(m.own());
        }
        assertFalse(got.get(3).time().isBefore(got.get(0).time()), "the server's stamps: " + got);
        ConversationSummary s = eventually(() -> alice.inbox.last(b), x -> x != null);
        assertEquals(new ConversationSummary(b, false, 4, "三", b, "Bob 鲍勃", MessageKind.TEXT, s.lastTime(), false), s);
        assertNotNull(s.lastTime());
        assertEquals(List.of(s), alice.history.lastInbox().stream().filter(x -> x.conversation().equals(b)).toList());

        // logged in again: nothing delivered twice, still unread
        alice.service.logout();
        User again = login(a);
        ConversationSummary still = eventually(() -> again.inbox.last(b), x -> x != null);
        assertEquals(4, still.unread());
        done(again.history.inbox()); // a round trip: anything the server had would have come before its answer
        assertEquals(List.of(), again.inbox.messages, "delivered once");

        // alice reads and answers; the history pages, newest first
        done(again.history.markRead(b));
        assertEquals(0, summary(again, b).unread());
        assertEquals(0, again.history.lastInbox().get(0).unread());
        done(again.service.send(b, "好的 ok"));
        eventually(() -> summary(again, b), x -> x != null && "好的 ok".equals(x.lastText()));
        HistoryPage<ChatMessage> newest = done(again.history.chatHistory(b, null, 2));
        assertEquals(List.of("三", "好的 ok"), newest.messages().stream().map(ChatMessage::text).toList());
        ChatMessage reply = newest.messages().get(1);
        assertTrue(reply.own());
        assertEquals(a, reply.sender());
        assertEquals("Alice 爱丽丝", reply.senderNickname());
        assertFalse(newest.messages().get(0).own());
        assertEquals("Bob 鲍勃", newest.messages().get(0).senderNickname());
        assertTrue(newest.hasOlder());
        HistoryPage<ChatMessage> before = done(again.history.chatHistory(b, newest.older(), 2));
        assertEquals(List.of("two\nlines", "https://upload.localhost/f/1/photo.png"),
                before.messages().stream().map(ChatMessage::text).toList());
        HistoryPage<ChatMessage> first = done(again.history.chatHistory(b, before.older(), 2));
        assertEquals(List.of("one"), first.messages().stream().map(ChatMessage::text).toList());
        assertFalse(first.hasOlder());
        assertTrue(first.messages().get(0).time().compareTo(reply.time()) <= 0);
        // the whole history in one page, and with nobody
        assertEquals(5, done(again.history.chatHistory(b, null, 50)).messages().size());
        assertEquals(List.of(), done(again.history.chatHistory(register("Nobody"), null, 50)).messages());
    }

    @Test
    void aReadInOneSessionResetsTheCountInTheOther() throws Exception {
        String c = register("Carol");
        String d = register("Dave 大卫");
        User carol = login(c);
        done(carol.service.send(d, "are you there?"));
        done(carol.service.send(d, "第二条\n消息"));
        eventually(() -> summary(carol, d), s -> s != null && s.lastText().startsWith("第二条"));

        User desk = login(d);
        User phone = login(d);
        assertEquals(2, eventually(() -> phone.inbox.last(c), s -> s != null).unread());
        assertEquals(2, eventually(() -> desk.inbox.last(c), s -> s != null).unread());
        done(desk.history.markRead(c));
        eventually(() -> phone.inbox.reads, r -> r.equals(List.of(c)));
        assertEquals(0, phone.history.lastInbox().stream().filter(s -> s.conversation().equals(c)).findFirst()
                .orElseThrow().unread());
        assertEquals(0, summary(phone, c).unread());
        assertEquals(List.of(), desk.inbox.reads, "the session that read it is not told");
        // a new message counts again, in both
        done(carol.service.send(d, "again"));
        eventually(() -> summary(desk, c), s -> s.unread() == 1 && s.lastText().equals("again"));
    }

    @Test
    void aGroupsHistoryIsForItsMembersAndItsLineIsInTheInbox() throws Exception {
        String e = register("Erin");
        String f = register("Frank 弗兰克");
        String g = register("Gina");
        User erin = login(e);
        Group team = done(erin.service.groups().createGroup(null, "History 历史", false));
        User frank = login(f);
        done(frank.service.groups().joinGroup(team.number()));
        frank.service.logout();

        for (int i = 1; i <= 3; i++) {
            done(erin.service.groups().sendToGroup(team.address(), "team line " + i));
        }
        done(erin.service.groups().sendToGroup(team.address(), "https://upload.localhost/f/2/plan.pdf"));
        eventually(() -> summary(erin, team.address()), s -> s != null && s.lastText().endsWith("plan.pdf"));

        User frankAgain = login(f);
        ConversationSummary line = eventually(() -> frankAgain.inbox.last(team.address()), s -> s != null);
        assertTrue(line.group());
        assertEquals(4, line.unread());
        assertEquals("Erin", line.lastNickname());
        assertEquals(MessageKind.FILE, line.lastKind());
        assertFalse(line.lastOwn());

        HistoryPage<GroupMessage> newest = done(frankAgain.history.groupHistory(team.address(), null, 3));
        List<GroupMessage> lines = newest.messages();
        assertEquals(List.of("team line 2", "team line 3", "https://upload.localhost/f/2/plan.pdf"),
                lines.stream().map(GroupMessage::text).toList());
        for (GroupMessage m : lines) {
            assertEquals(team.address(), m.group());
            assertEquals("Erin", m.senderNickname());
            assertTrue(m.history());
            assertFalse(m.own());
        }
        assertTrue(newest.hasOlder());
        List<GroupMessage> older = new ArrayList<>();
        String cursor = newest.older();
        while (cursor != null) {
            HistoryPage<GroupMessage> page = done(frankAgain.history.groupHistory(team.address(), cursor, 3));
            older.addAll(0, page.messages());
            cursor = page.older();
        }
        assertTrue(older.stream().anyMatch(m -> m.text().equals("team line 1")), older.toString());
        // erin's own lines are hers
        assertTrue(done(erin.history.groupHistory(team.address(), null, 1)).messages().get(0).own());

        // somebody who is not a member reads nothing
        User gina = login(g);
        assertNotNull(failure(gina.history.groupHistory(team.address(), null, 10)));
    }

    // ------------------------------------------------------------------ helpers

    /** The conversation as the server's inbox has it now. */
    private static ConversationSummary summary(User u, String conversation) {
        try {
            return done(u.history.inbox()).stream().filter(s -> s.conversation().equals(conversation)).findFirst()
                    .orElse(null);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String register(String nickname) throws Exception {
        String name = "h" + USERS.incrementAndGet() + "-" + nickname.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
        SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-" + name)));
        try {
            done(registrar.register(server.address(), name, PASSWORD, nickname));
        } finally {
            registrar.close();
        }
        return name + "@" + MagpieServer.DOMAIN;
    }

    private User login(String account) throws Exception {
        SmackMessagingService s = new SmackMessagingService(
                new FileTrustStore(tmp.resolve("trust-" + account + "-" + services.size())));
        services.add(s);
        Recorder r = new Recorder();
        s.addListener(r);
        Inboxes inbox = new Inboxes();
        s.history().addHistoryListener(inbox);
        s.addListener(inbox);
        done(s.login(server.address(), account.substring(0, account.indexOf('@')), PASSWORD));
        r.awaitState(ConnectionState.ONLINE, WAIT);
        return new User(account, s, r, s.history(), inbox);
    }
}
