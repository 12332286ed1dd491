package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.Announcement;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FilterNotice;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.PluginInfo;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;
import org.magpie.client.service.Weather;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * Administration, weather and the word filter through the client service against the real server
 * (admin.accounts=root, the weather plugin asking a local stub provider): only administrators see
 * the commands; plugins listed and the weather switched off and on while two users chat, nobody
 * disconnected; users added, given a new password, logged out and deleted, with the server's reasons
 * for refusals; announcements reach everybody; the weather as a value, an unknown place and an
 * unreachable provider; masked and blocked messages reported to the sender.
 */
class AdministrationTest {

    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path tmp;

    private static WeatherStub provider;
    private static MagpieServer server;
    private static final List<SmackMessagingService> services = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        provider = new WeatherStub();
        List<String> settings = new ArrayList<>(List.of(provider.settings()));
        settings.add("admin.accounts=root");
        settings.add("filter.reload.seconds=1");
        settings.add("console.enabled=false");
        server = MagpieServer.start(tmp, settings.toArray(String[]::new));
        SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("registrar")));
        try {
            done(registrar.register(server.address(), "root", PASSWORD, "Root"));
        } finally {
            registrar.close();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        services.forEach(SmackMessagingService::close);
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    /** Hears what the new callbacks and chats bring. */
    static final class Heard implements MessagingListener {
        final BlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
        final BlockingQueue<FilterNotice> filtered = new LinkedBlockingQueue<>();
        final List<ChatMessage> filteredMessages = new java.util.concurrent.CopyOnWriteArrayList<>();
        final BlockingQueue<Announcement> announcements = new LinkedBlockingQueue<>();
        final List<ServiceException> failed = new java.util.concurrent.CopyOnWriteArrayList<>();
        final List<ConnectionState> states = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public void messageReceived(ChatMessage message) {
            messages.add(message);
        }

        @Override
        public void messageFiltered(ChatMessage message, FilterNotice notice) {
            filteredMessages.add(message);
            filtered.add(notice);
        }

        @Override
        public void messageFailed(ChatMessage message, ServiceException reason) {
            failed.add(reason);
        }

        @Override
        public void announcementReceived(Announcement announcement) {
            announcements.add(announcement);
        }

        @Override
        public void stateChanged(ConnectionState state) {
            states.add(state);
        }

        <T> T next(BlockingQueue<T> queue) throws InterruptedException {
            T t = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertNotNull(t, "nothing heard within " + WAIT);
            return t;
        }
    }

    private record User(SmackMessagingService service, Heard heard, String account) {
    }

    private static User login(String name) throws Exception {
        SmackMessagingService s = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-" + services.size())));
        services.add(s);
        Heard heard = new Heard();
        s.addListener(heard);
        return new User(s, heard, done(s.login(server.address(), name, PASSWORD)));
    }

    private static String user() throws Exception {
        String name = "u" + USERS.incrementAndGet();
        SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("reg-" + name)));
        try {
            done(registrar.register(server.address(), name, PASSWORD, "User " + name));
        } finally {
            registrar.close();
        }
        return name;
    }

    private static void chat(User from, User to, String text) throws Exception {
        done(from.service.send(to.account, text));
        ChatMessage got = to.heard.next(to.heard.messages);
        assertEquals(text, got.text());
    }

    @Test
    void onlyAdministratorsAreAdministratorsAndEverybodyElseIsRefusedWithTheServersReason() throws Exception {
        User root = login("root");
        User plain = login(user());
        assertTrue(done(root.service.administration().isAdministrator()));
        assertFalse(done(plain.service.administration().isAdministrator()));
        ServiceException refused = failure(plain.service.administration().plugins());
        assertEquals("Only administrators may run this command.", refused.serverText());
        SmackMessagingService offline = new SmackMessagingService(new FileTrustStore(tmp.resolve("offline")));
        services.add(offline);
        assertFalse(done(offline.administration().isAdministrator()), "nobody is an administrator offline");
        assertEquals(FailureKind.UNREACHABLE, failure(offline.administration().plugins()).kind());
        root.service.logout();
        plain.service.logout();
    }

    @Test
    void theWeatherIsSwitchedOffAndOnWhileTwoUsersChatAndNobodyIsDisconnected() throws Exception {
        User root = login("root");
        User alice = login(user());
        User bob = login(user());
        chat(alice, bob, "before");
        Map<String, PluginInfo> plugins = done(root.service.administration().plugins()).stream()
                .collect(Collectors.toMap(PluginInfo::name, p -> p));
        assertTrue(plugins.keySet().containsAll(List.of("admin", "commands", "filter", "weather", "roster")), plugins.toString());
        assertTrue(plugins.get("weather").enabled() && plugins.get("weather").switchable());
        assertFalse(plugins.get("admin").switchable() || plugins.get("commands").switchable(), "the switch keeps itself on");
        assertTrue(plugins.get("weather").version().matches("\\d+\\.\\d+\\.\\d+.*"), plugins.get("weather").version());
        assertTrue(done(alice.service.weather().isAvailable()));

        assertEquals("The plugin weather is disabled.", done(root.service.administration().switchPlugin("weather", false)));
        assertFalse(done(root.service.administration().plugins()).stream().filter(p -> p.name().equals("weather"))
                .findFirst().orElseThrow().enabled());
        assertFalse(done(alice.service.weather().isAvailable()), "the command went with the plugin");
        assertEquals(FailureKind.UNAVAILABLE, failure(alice.service.weather().weather("Berlin")).kind());
        chat(alice, bob, "during");
        chat(bob, alice, "still here");

        ServiceException notAllowed = failure(root.service.administration().switchPlugin("commands", false));
        assertTrue(notAllowed.serverText().contains("cannot be switched off"), notAllowed.serverText());

        assertEquals("The plugin weather is enabled.", done(root.service.administration().switchPlugin("weather", true)));
        eventually(() -> done(alice.service.weather().isAvailable()));
        chat(alice, bob, "after");
        for (User u : List.of(root, alice, bob)) {
            assertEquals(ConnectionState.ONLINE, u.service.state());
            assertEquals(List.of(ConnectionState.CONNECTING, ConnectionState.ONLINE), u.heard.states, "never dropped");
        }
        for (User u : List.of(root, alice, bob)) {
            u.service.logout();
        }
    }

    @Test
    void usersAreAddedGivenANewPasswordLoggedOutAndDeleted() throws Exception {
        User root = login("root");
        String name = "made" + USERS.incrementAndGet();
        ServiceException weak = failure(root.service.administration().addUser(name, "short", "Made"));
        assertTrue(weak.serverText().contains("at least 8"), weak.serverText());
        assertEquals("The account " + name + " was created.", done(root.service.administration().addUser(name, "first1234", "Made")));
        ServiceException taken = failure(root.service.administration().addUser(name, "first1234", "Again"));
        assertEquals("The account " + name + " exists already.", taken.serverText());

        assertEquals("The password of " + name + " was changed.",
                done(root.service.administration().changePassword(name + "@localhost", "second1234")));
        SmackMessagingService made = new SmackMessagingService(new FileTrustStore(tmp.resolve("made")));
        services.add(made);
        Heard madeHeard = new Heard();
        made.addListener(madeHeard);
        assertEquals(FailureKind.WRONG_CREDENTIALS, failure(made.login(server.address(), name, "first1234")).kind());
        done(made.login(server.address(), name, "second1234"));
        Recorder madeEvents = new Recorder();
        made.addListener(madeEvents);
        assertEquals("1 sessions ended.", done(root.service.administration().endSessions(List.of(name))));
        assertEquals(SessionEnd.ENDED_BY_ADMINISTRATOR, madeEvents.awaitEnd(Duration.ofSeconds(10)));
        eventually(() -> made.state() == ConnectionState.OFFLINE);
        assertFalse(madeHeard.states.contains(ConnectionState.RECONNECTING), "told why, the client does not reconnect");

        assertEquals("Deleted: " + name + ".", done(root.service.administration().deleteUsers(List.of(name))));
        assertEquals(FailureKind.WRONG_CREDENTIALS, failure(made.login(server.address(), name, "second1234")).kind());
        ServiceException missing = failure(root.service.administration().deleteUsers(List.of(name)));
        assertEquals("There is no account " + name + ".", missing.serverText());
        ServiceException foreign = failure(root.service.administration().changePassword("bob@elsewhere", "second1234"));
        assertEquals("bob@elsewhere is not an account of this server.", foreign.serverText());
        root.service.logout();
    }

    @Test
    void anAnnouncementReachesEverybodyOnlineButAHeadlineFromAUserIsNoAnnouncement() throws Exception {
        User root = login("root");
        User reader = login(user());
        assertTrue(done(root.service.administration().announce("维护通知", "今晚 22:00 服务器维护\n请提前保存工作")).startsWith("Announced to "));
        Announcement a = reader.heard.next(reader.heard.announcements);
        assertEquals("维护通知", a.subject());
        assertEquals("今晚 22:00 服务器维护\n请提前保存工作", a.text());
        assertEquals("localhost", a.from());
        assertNotNull(root.heard.next(root.heard.announcements), "the administrator is online too");

        assertEquals(FailureKind.INVALID_INPUT, failure(root.service.administration().announce(null, " ")).kind());
        root.service.logout();
        reader.service.logout();
    }

    @Test
    void theWeatherComesAsAValueAndUnknownPlacesAndAnUnreachableProviderAreTold() throws Exception {
        User u = login(user());
        Weather w = done(u.service.weather().weather("Berlin"));
        assertEquals("Berlin", w.place());
        assertEquals(21, w.temperature());
        assertEquals("clear sky", w.conditions());
        assertEquals(0, w.code());
        assertTrue(w.summary().startsWith("Berlin (Germany): clear sky, 21 °C"), w.summary());
        assertEquals(2, w.forecast().size(), w.forecast().toString());

        ServiceException unknown = failure(u.service.weather().weather("Atlantis"));
        assertEquals(FailureKind.INVALID_INPUT, unknown.kind());
        assertTrue(unknown.serverText().contains("Atlantis"), unknown.serverText());
        provider.down = true;
        try {
            ServiceException down = failure(u.service.weather().weather("Berlin"));
            assertEquals(FailureKind.UNREACHABLE, down.kind());
            assertEquals("The weather service is unreachable just now. Please try again later.", down.serverText());
        } finally {
            provider.down = false;
        }
        u.service.logout();
    }

    @Test
    void inChineseTheWeatherAndTheServersWordsAreChinese() throws Exception {
        Locale before = Locale.getDefault();
        Locale.setDefault(Locale.SIMPLIFIED_CHINESE); // the language the client's connection asks for
        try {
            User u = login(user());
            Weather w = done(u.service.weather().weather("北京"));
            assertEquals("北京", w.place());
            assertEquals("晴", w.conditions());
            ServiceException unknown = failure(u.service.weather().weather("亚特兰蒂斯"));
            assertTrue(unknown.serverText().startsWith("找不到"), unknown.serverText());
            User root = login("root");
            ServiceException taken = failure(root.service.administration().addUser("root", "first1234", "Root"));
            assertEquals("账号 root 已存在。", taken.serverText());
            u.service.logout();
            root.service.logout();
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void aMaskedMessageReachesTheFriendWithStarsAndTheSenderHearsWhichRule() throws Exception {
        User alice = login(user());
        User bob = login(user());
        ChatMessage sent = done(alice.service.send(bob.account, "What a s.h.i.t day, 真是个傻逼 idea"));
        assertEquals("What a ******* day, 真是个** idea", bob.heard.next(bob.heard.messages).text());
        FilterNotice notice = alice.heard.next(alice.heard.filtered);
        assertEquals(FilterNotice.Action.MASKED, notice.action());
        assertEquals(List.of("shit", "傻逼"), notice.rules());
        assertTrue(notice.serverText().startsWith("Some words of your message were replaced by *"), notice.serverText());
        assertEquals(sent, alice.heard.filteredMessages.get(0), "the warning names the message it is about");
        assertTrue(alice.heard.announcements.isEmpty(), "a filter warning is no announcement");

        done(alice.service.send(bob.account, "A class assessment"));
        assertEquals("A class assessment", bob.heard.next(bob.heard.messages).text());
        assertNull(alice.heard.filtered.poll(500, TimeUnit.MILLISECONDS), "a clean message brings no warning");
        alice.service.logout();
        bob.service.logout();
    }

    @Test
    void aBlockedMessageReachesNobodyAndComesBackAsFilteredNotFailed() throws Exception {
        Files.writeString(server.home().resolve("conf/sensitive-words.txt"), "\n内部机密|內部機密 block\n",
                StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        User alice = login(user());
        User bob = login(user());
        // the list is read again within a second or two: alice writes to herself until the rule is in force
        FilterNotice probe = null;
        for (int i = 0; i < 40 && probe == null; i++) {
            done(alice.service.send(alice.account, "內部機密?"));
            probe = alice.heard.filtered.poll(500, TimeUnit.MILLISECONDS);
        }
        assertNotNull(probe, "the new rule came into force");
        alice.heard.filteredMessages.clear();
        ChatMessage sent = done(alice.service.send(bob.account, "这是内 部 机 密"));
        FilterNotice notice = alice.heard.next(alice.heard.filtered);
        assertEquals(FilterNotice.Action.BLOCKED, notice.action());
        assertEquals(List.of("内部机密"), notice.rules());
        assertTrue(notice.serverText().contains("not delivered"), notice.serverText());
        assertEquals(sent, alice.heard.filteredMessages.get(0));
        assertEquals(List.of(), alice.heard.failed, "reported once, as filtered");
        assertNull(bob.heard.messages.poll(1000, TimeUnit.MILLISECONDS), "nothing reaches bob");
        alice.service.logout();
        bob.service.logout();
    }

    @FunctionalInterface
    interface Check {
        boolean ok() throws Exception;
    }

    static void eventually(Check check) throws Exception {
        long deadline = System.currentTimeMillis() + WAIT.toMillis();
        while (!check.ok()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not so within " + WAIT);
            }
            Thread.sleep(100);
        }
    }
}
