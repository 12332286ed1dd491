package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * The sensitive-word filter seen by users: the friend gets stars, the sender a warning naming the
 * rule (in private and group chats); a blocked word keeps the message from anyone and comes back to the sender as an error; a
 * changed word list applies without a restart; statuses and nicknames are filtered too.
 */
class FilterIT {

    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final long WAIT = 10_000;

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // Smack's generic parser trips its own assertion on the xmlns of unknown elements under -ea
        ProviderManager.addExtensionProvider("filtered", "urn:magpie:filter:0", new RoomsIT.FlatProvider());
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
        server = InProcessServer.start(tmp, Map.of("filter.reload.seconds", "1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theFriendSeesStarsAndTheSenderIsWarnedWithTheRule() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try (StanzaCollector toBob = bob.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.createBare(jid(a))));
             StanzaCollector warnings = alice.createStanzaCollector(MessageTypeFilter.HEADLINE)) {
            alice.sendStanza(chat(alice, b, "What a s.h.i.t day, 真是个傻逼 idea"));
            Message got = toBob.nextResult(WAIT);
            assertNotNull(got, "bob got the message");
            assertEquals("What a ******* day, 真是个** idea", got.getBody());

            Message warning = warnings.nextResult(WAIT);
            assertNotNull(warning, "alice was warned");
            assertEquals(InProcessServer.DOMAIN, warning.getFrom().toString());
            assertTrue(warning.getBody("en").contains("shit") && warning.getBody("en").contains("傻逼"), warning.getBody("en"));
            assertTrue(warning.getBody("zh").contains("替换"), warning.getBody("zh"));
            StandardExtensionElement filtered = (StandardExtensionElement) warning.getExtensionElement("filtered", "urn:magpie:filter:0");
            assertNotNull(filtered, warning.toXML().toString());
            assertEquals("masked", filtered.getAttributeValue("action"));
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aCleanMessageIsUntouchedAndBringsNoWarning() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try (StanzaCollector toBob = bob.createStanzaCollector(MessageTypeFilter.CHAT);
             StanzaCollector warnings = alice.createStanzaCollector(MessageTypeFilter.HEADLINE)) {
            alice.sendStanza(chat(alice, b, "A class assessment, 一切正常"));
            Message got = toBob.nextResult(WAIT);
            assertNotNull(got);
            assertEquals("A class assessment, 一切正常", got.getBody());
            assertNull(warnings.nextResult(500));
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aBlockedWordAddedToTheListKeepsTheMessageFromTheFriendWithoutARestart() throws Exception {
        Path list = server.home().resolve("conf/sensitive-words.txt");
        Files.writeString(list, "\n内部机密|內部機密 block\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try (StanzaCollector toBob = bob.createStanzaCollector(MessageTypeFilter.CHAT);
             StanzaCollector errors = alice.createStanzaCollector(MessageTypeFilter.ERROR)) {
            // the list is checked every second: Alice writes to herself until the new rule is in force
            Message probe = null;
            for (int i = 0; i < 40 && probe == null; i++) {
                alice.sendStanza(chat(alice, a, "內部機密?"));
                probe = errors.nextResult(500);
            }
            assertNotNull(probe, "the new rule came into force");
            alice.sendStanza(chat(alice, b, "这是内 部 机 密"));
            Message error = errors.nextResult(WAIT);
            assertNotNull(error, "the sender got the message back");
            assertEquals(StanzaError.Condition.policy_violation, error.getError().getCondition());
            assertTrue(error.getError().getDescriptiveText("en").contains("not delivered"), error.toXML().toString());
            assertTrue(error.getError().getDescriptiveText("zh").contains("内部机密"), error.toXML().toString());
            assertNull(toBob.nextResult(1000), "nothing reaches bob");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void groupMessagesAreFilteredForEveryoneInTheGroup() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try {
            EntityBareJid room = JidCreate.entityBareFrom("7" + USERS.incrementAndGet() + "@rooms." + InProcessServer.DOMAIN);
            MultiUserChat aliceMuc = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
            aliceMuc.create(Resourcepart.from("Alice")).makeInstant();
            MultiUserChat bobMuc = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(room);
            bobMuc.join(Resourcepart.from("Bob"));
            try (StanzaCollector toBob = bob.createStanzaCollector(new AndFilter(MessageTypeFilter.GROUPCHAT,
                    FromMatchesFilter.createFull(JidCreate.entityFullFrom(room, Resourcepart.from("Alice")))));
                 StanzaCollector warnings = alice.createStanzaCollector(MessageTypeFilter.HEADLINE)) {
                aliceMuc.sendMessage("这个方案真是他妈的好");
                Message got = toBob.nextResult(WAIT);
                assertNotNull(got, "bob got the group message");
                assertEquals("这个方案真是***好", got.getBody());
                assertNotNull(warnings.nextResult(WAIT), "alice was warned");
            }
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aStatusIsMasked() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try (StanzaCollector toBob = bob.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE, FromMatchesFilter.createBare(jid(a))))) {
            alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().to(jid(b)).setStatus("王八蛋 meeting").build());
            Presence p = toBob.nextResult(WAIT);
            assertNotNull(p);
            assertEquals("*** meeting", p.getStatus());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aNicknameWithAListedWordIsRefusedWithAClearReason() throws Exception {
        XMPPTCPConnection c = server.connection(null);
        try {
            c.connect();
            XMPPErrorException e = assertThrows(XMPPErrorException.class, () -> AccountManager.getInstance(c)
                    .createAccount(Localpart.from("nick" + USERS.incrementAndGet()), PASSWORD, new HashMap<>(Map.of("nick", "大傻逼"))));
            assertEquals(StanzaError.Condition.not_acceptable, e.getStanzaError().getCondition());
            assertTrue(e.getStanzaError().getDescriptiveText("en").contains("not allowed"), e.getStanzaError().toXML().toString());
        } finally {
            c.disconnect();
        }
    }

    private static Message chat(XMPPTCPConnection from, String to, String body) {
        return from.getStanzaFactory().buildMessageStanza().to(jid(to)).ofType(Message.Type.chat).setBody(body).build();
    }

    private static String user() throws Exception {
        String name = "f" + USERS.incrementAndGet();
        server.register(name, PASSWORD, "User " + name);
        return name;
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }
}
