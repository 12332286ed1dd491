package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.commands.AdHocCommand;
import org.jivesoftware.smackx.commands.AdHocCommandManager;
import org.jivesoftware.smackx.commands.RemoteCommand;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.jivesoftware.smackx.xdata.packet.DataForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Administration through XEP-0050/XEP-0133 commands from a Smack client: only administrators see
 * and run them; users are added, given a new password, logged out and deleted; an announcement
 * reaches everybody online; a plugin is switched off and on while two users keep chatting, and the
 * choice survives a restart.
 */
class AdminIT {

    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final DomainBareJid DOMAIN = JidCreate.domainBareFromOrThrowUnchecked(InProcessServer.DOMAIN);

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of("admin.accounts", "root, boss"));
        server.register("root", PASSWORD, "Root");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void onlyAdministratorsSeeAndRunTheCommands() throws Exception {
        String u = user();
        XMPPTCPConnection plain = server.login(u, PASSWORD, "desk");
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        try {
            List<String> seen = nodes(plain);
            assertTrue(seen.contains("weather"), seen.toString());
            assertFalse(seen.stream().anyMatch(n -> n.contains("admin")), "no admin commands for users: " + seen);
            XMPPErrorException e = assertThrows(XMPPErrorException.class, () -> AdHocCommandManager.getAddHocCommandsManager(plain)
                    .getRemoteCommand(DOMAIN, "http://jabber.org/protocol/admin#add-user").execute());
            assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());

            assertTrue(nodes(root).containsAll(List.of("http://jabber.org/protocol/admin#add-user",
                    "http://jabber.org/protocol/admin#delete-user", "http://jabber.org/protocol/admin#change-user-password",
                    "http://jabber.org/protocol/admin#end-user-session", "http://jabber.org/protocol/admin#announce",
                    "urn:magpie:admin:plugins", "urn:magpie:admin:switch-plugin", "urn:magpie:admin:reload-words")),
                    nodes(root).toString());
            RemoteCommand reload = AdHocCommandManager.getAddHocCommandsManager(root).getRemoteCommand(DOMAIN, "urn:magpie:admin:reload-words");
            reload.execute();
            assertTrue(reload.getNotes().get(0).getValue().startsWith("The word list was reloaded: "), reload.getNotes().toString());
        } finally {
            plain.disconnect();
            root.disconnect();
        }
    }

    @Test
    void usersAreAddedGivenANewPasswordLoggedOutAndDeleted() throws Exception {
        String name = "made" + USERS.incrementAndGet();
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        try {
            XMPPErrorException weak = assertThrows(XMPPErrorException.class, () -> run(root, "http://jabber.org/protocol/admin#add-user",
                    Map.of("accountjid", name + "@localhost", "password", "short", "password-verify", "short", "nick", "Made")));
            assertEquals(StanzaError.Condition.not_acceptable, weak.getStanzaError().getCondition());
            assertTrue(weak.getStanzaError().getDescriptiveText("en").contains("at least 8"));

            RemoteCommand added = run(root, "http://jabber.org/protocol/admin#add-user",
                    Map.of("accountjid", name + "@localhost", "password", "first1234", "password-verify", "first1234", "nick", "Made"));
            assertEquals(AdHocCommand.Status.completed, added.getStatus());
            server.login(name, "first1234", "check").disconnect();

            XMPPErrorException taken = assertThrows(XMPPErrorException.class, () -> run(root, "http://jabber.org/protocol/admin#add-user",
                    Map.of("accountjid", name, "password", "first1234", "password-verify", "first1234", "nick", "Again")));
            assertEquals(StanzaError.Condition.conflict, taken.getStanzaError().getCondition());

            run(root, "http://jabber.org/protocol/admin#change-user-password", Map.of("accountjid", name, "password", "second1234"));
            XMPPTCPConnection user = server.login(name, "second1234", "desk");
            user.disconnect();

            run(root, "http://jabber.org/protocol/admin#delete-user", Map.of("accountjids", name));
            assertThrows(SASLErrorException.class, () -> server.login(name, "second1234", "desk"));
        } finally {
            root.disconnect();
        }
    }

    @Test
    void anAnnouncementReachesEverybodyOnline() throws Exception {
        String u = user();
        XMPPTCPConnection reader = server.login(u, PASSWORD, "desk");
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        try (StanzaCollector headlines = reader.createStanzaCollector(MessageTypeFilter.HEADLINE)) {
            run(root, "http://jabber.org/protocol/admin#announce", Map.of("subject", "维护通知", "announcement", "今晚 22:00 服务器维护"));
            Message m = headlines.nextResult(10_000);
            assertNotNull(m);
            assertEquals("维护通知", m.getSubject());
            assertEquals("今晚 22:00 服务器维护", m.getBody());
            assertEquals(InProcessServer.DOMAIN, m.getFrom().toString());
        } finally {
            reader.disconnect();
            root.disconnect();
        }
    }

    @Test
    void aPluginSwitchedOffWhileUsersChatDisappearsWithoutDroppingAnybodyAndStaysOffAfterARestart() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        try {
            chat(alice, bob, b, "before");
            assertEquals("enabled", plugins(root).get("weather"));

            run(root, "urn:magpie:admin:switch-plugin", Map.of("plugin", "weather", "enabled", "false"));
            assertEquals("disabled", plugins(root).get("weather"));
            assertFalse(nodes(alice).contains("weather"), "the weather command went with the plugin");
            chat(alice, bob, b, "during");
            assertTrue(alice.isAuthenticated() && bob.isAuthenticated() && root.isAuthenticated(), "nobody was disconnected");

            XMPPErrorException off = assertThrows(XMPPErrorException.class, () -> run(root, "urn:magpie:admin:switch-plugin",
                    Map.of("plugin", "commands", "enabled", "false")));
            assertEquals(StanzaError.Condition.not_allowed, off.getStanzaError().getCondition());
        } finally {
            alice.disconnect();
            bob.disconnect();
            root.disconnect();
        }

        server = server.restart();
        XMPPTCPConnection root2 = server.login("root", PASSWORD, "desk");
        try {
            assertEquals("disabled", plugins(root2).get("weather"), "still off after the restart");
            run(root2, "urn:magpie:admin:switch-plugin", Map.of("plugin", "weather", "enabled", "true"));
            assertEquals("enabled", plugins(root2).get("weather"));
            InProcessServer.eventually(java.time.Duration.ofSeconds(10), () -> nodes(root2).contains("weather"));
        } finally {
            root2.disconnect();
        }
    }

    /**
     * A switched-off plugin is installed at the next start but never started, not even for the moment
     * before it is switched off again: the files plugin logs its HTTP endpoint each time it starts.
     */
    @Test
    void aPluginSwitchedOffIsNeverStartedByTheNextServerStart() throws Exception {
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        try {
            run(root, "urn:magpie:admin:switch-plugin", Map.of("plugin", "files", "enabled", "false"));
        } finally {
            root.disconnect();
        }
        long startsBefore = filesPluginStarts();

        server = server.restart();
        assertEquals(startsBefore, filesPluginStarts(), "the switched-off files plugin did not start, not even briefly");
        assertTrue(server.bundle("org.magpie.plugin.files").getState() != org.osgi.framework.Bundle.ACTIVE);
        XMPPTCPConnection root2 = server.login("root", PASSWORD, "desk");
        try {
            assertEquals("disabled", plugins(root2).get("files"));
            run(root2, "urn:magpie:admin:switch-plugin", Map.of("plugin", "files", "enabled", "true"));
            assertEquals("enabled", plugins(root2).get("files"));
            assertEquals(startsBefore + 1, filesPluginStarts(), "switched on, it starts (and the log shows it)");
        } finally {
            root2.disconnect();
        }
    }

    /** how often the files plugin has started on this server so far, from its log */
    private static long filesPluginStarts() throws Exception {
        try (var logs = java.nio.file.Files.list(server.home().resolve("data/logs"))) {
            long starts = 0;
            for (Path log : logs.filter(f -> f.getFileName().toString().endsWith(".log")).toList()) {
                starts += java.nio.file.Files.readAllLines(log, java.nio.charset.StandardCharsets.ISO_8859_1).stream().filter(l -> l.contains("file transfers on")).count();
            }
            return starts;
        }
    }

    @Test
    void everyPluginCanBeSwitchedOffAndOnWhileTwoUsersKeepChatting() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        try {
            for (String plugin : plugins(root).keySet()) {
                if (plugin.equals("admin") || plugin.equals("commands")) {
                    continue;
                }
                run(root, "urn:magpie:admin:switch-plugin", Map.of("plugin", plugin, "enabled", "false"));
                assertEquals("disabled", plugins(root).get(plugin), plugin);
                chat(alice, bob, b, "while " + plugin + " is off");
                chat(bob, alice, a, "still here without " + plugin);
                run(root, "urn:magpie:admin:switch-plugin", Map.of("plugin", plugin, "enabled", "true"));
                assertEquals("enabled", plugins(root).get(plugin), plugin);
                chat(alice, bob, b, "with " + plugin + " back");
                assertTrue(alice.isAuthenticated() && bob.isAuthenticated() && root.isAuthenticated(),
                        "nobody was disconnected by switching " + plugin);
            }
        } finally {
            alice.disconnect();
            bob.disconnect();
            root.disconnect();
        }
    }

    @Test
    void endingAUsersSessionsLogsThemOut() throws Exception {
        String name = "ended" + USERS.incrementAndGet();
        server.register(name, "second1234", "Ended");
        XMPPTCPConnection root = server.login("root", PASSWORD, "desk");
        XMPPTCPConnection user = server.login(name, "second1234", "desk");
        try {
            CompletableFuture<Exception> closed = new CompletableFuture<>();
            user.addConnectionListener(new ConnectionListener() {
                @Override
                public void connectionClosedOnError(Exception e) {
                    closed.complete(e);
                }
            });
            String ended = run(root, "http://jabber.org/protocol/admin#end-user-session", Map.of("accountjids", name + "@localhost"))
                    .getNotes().get(0).getValue();
            assertEquals("1 sessions ended.", ended);
            assertNotNull(closed.get(10, TimeUnit.SECONDS), "the user was logged out");
        } finally {
            root.disconnect();
        }
    }

    // ---------------------------------------------------------------- helpers

    private static void chat(XMPPTCPConnection from, XMPPTCPConnection to, String toUser, String text) throws Exception {
        EntityBareJid target = JidCreate.entityBareFrom(toUser + "@" + InProcessServer.DOMAIN);
        try (StanzaCollector got = to.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT,
                FromMatchesFilter.createBare(from.getUser().asEntityBareJid())))) {
            from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(target).ofType(Message.Type.chat).setBody(text).build());
            Message m = got.nextResult(10_000);
            assertNotNull(m, "chat goes on: " + text);
            assertEquals(text, m.getBody());
        }
    }

    private static List<String> nodes(XMPPTCPConnection c) throws Exception {
        DiscoverItems items = AdHocCommandManager.getAddHocCommandsManager(c).discoverCommands(DOMAIN);
        return items.getItems().stream().map(DiscoverItems.Item::getNode).toList();
    }

    private static Map<String, String> plugins(XMPPTCPConnection root) throws Exception {
        RemoteCommand list = AdHocCommandManager.getAddHocCommandsManager(root).getRemoteCommand(DOMAIN, "urn:magpie:admin:plugins");
        list.execute();
        assertEquals(AdHocCommand.Status.completed, list.getStatus());
        Map<String, String> states = new java.util.TreeMap<>();
        for (var f : list.getForm().getFields()) {
            states.put(f.getFieldName(), f.getFirstValue());
        }
        return states;
    }

    /** Runs a two-step command: gets the form, fills it, completes. */
    private static RemoteCommand run(XMPPTCPConnection c, String node, Map<String, String> answers) throws Exception {
        RemoteCommand command = AdHocCommandManager.getAddHocCommandsManager(c).getRemoteCommand(DOMAIN, node);
        command.execute();
        DataForm form = command.getForm();
        FillableForm filled = new FillableForm(form);
        for (Map.Entry<String, String> a : answers.entrySet()) {
            var field = form.getField(a.getKey());
            if (field != null && (field.getType() == org.jivesoftware.smackx.xdata.FormField.Type.jid_multi
                    || field.getType() == org.jivesoftware.smackx.xdata.FormField.Type.text_multi)) {
                filled.setAnswer(a.getKey(), List.of(a.getValue().split("\n")));
            } else if (field != null && field.getType() == org.jivesoftware.smackx.xdata.FormField.Type.bool) {
                filled.setAnswer(a.getKey(), Boolean.parseBoolean(a.getValue()));
            } else {
                filled.setAnswer(a.getKey(), a.getValue());
            }
        }
        command.complete(filled);
        return command;
    }

    private static String user() throws Exception {
        String name = "a" + USERS.incrementAndGet();
        server.register(name, PASSWORD, "User " + name);
        return name;
    }
}
