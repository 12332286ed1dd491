package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
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
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smackx.httpfileupload.HttpFileUploadManager;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.jivesoftware.smackx.xdata.form.FillableForm;
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
    private static final Duration RAW_WAIT = Duration.ofMillis(WAIT);

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // Smack's generic parser trips its own assertion on the xmlns of unknown elements under -ea
        ProviderManager.addExtensionProvider("filtered", "urn:magpie:filter:0", new RoomsIT.FlatProvider());
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
        server = InProcessServer.start(tmp, Map.of("filter.reload.seconds", "1"));
        // a Chinese word listed in its simplified form only, as lists are usually written
        Files.writeString(server.home().resolve("conf/sensitive-words.txt"), "\n机密文件\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        String probe = user();
        XMPPTCPConnection c = server.login(probe, PASSWORD, "probe");
        try (StanzaCollector warnings = c.createStanzaCollector(MessageTypeFilter.HEADLINE)) {
            Message warned = null;
            for (int i = 0; i < 40 && warned == null; i++) {
                c.sendStanza(chat(c, probe, "机密文件"));
                warned = warnings.nextResult(500);
            }
            assertNotNull(warned, "the added rule came into force");
        } finally {
            c.disconnect();
        }
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

    /**
     * The client port opens only once the plugins are up: a client that connects the moment the port
     * accepts (no waiting for the plugins, as {@code restartExpectingBrokenPlugins} does not) already
     * finds the filter in place.
     */
    @Test
    void theFirstClientAfterAStartIsAlreadyFiltered() throws Exception {
        String a = user();
        String b = user();
        server = server.restartExpectingBrokenPlugins();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try (StanzaCollector toBob = bob.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.createBare(jid(a))))) {
            alice.sendStanza(chat(alice, b, "What a s.h.i.t day"));
            Message got = toBob.nextResult(WAIT);
            assertNotNull(got, "bob got the message");
            assertEquals("What a ******* day", got.getBody());
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

    // ================================================================ disguises, through the real server

    @Test
    void disguisedWordsReachTheFriendAsStars() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try (StanzaCollector toBob = bob.createStanzaCollector(new AndFilter(MessageTypeFilter.CHAT, FromMatchesFilter.createBare(jid(a))));
             StanzaCollector warnings = alice.createStanzaCollector(MessageTypeFilter.HEADLINE)) {
            // Cyrillic ѕ and і; a Hangul filler; a zero-width joiner; full-width; the traditional form of a simplified rule
            alice.sendStanza(chat(alice, b, "\u0455h\u0456t | 傻\u3164逼 | s\u200Dhit | ｓｈｉｔ | 機密文件 | sh\u00EEt ok"));
            Message got = toBob.nextResult(WAIT);
            assertNotNull(got, "bob got the message");
            assertEquals("**** | *** | ***** | **** | **** | **** ok", got.getBody());
            Message warning = warnings.nextResult(WAIT);
            assertNotNull(warning, "alice was warned");
            assertTrue(warning.getBody("en").contains("机密文件"), warning.getBody("en"));
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void theRichTextCopyIsMaskedInsideItsElements() throws Exception {
        String a = user();
        String b = user();
        try (RawXmppClient alice = raw(a); RawXmppClient bob = raw(b)) {
            alice.send("<message to='" + jid(b) + "' type='chat' id='x1'><body>oh sh it</body>"
                    + "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
                    + "<p>oh sh<strong>it</strong>, <em title='傻逼'>fine</em></p></body></html></message>");
            String got = bob.await("</message>", RAW_WAIT);
            assertTrue(got.contains("oh *****</body>"), got);
            assertTrue(got.contains("oh **<strong>**</strong>"), "masked inside the rich text: " + got);
            assertTrue(got.contains("title=\"**\""), got);
            assertFalse(got.contains("傻逼"), got);
            String warning = alice.await("</message>", RAW_WAIT);
            assertTrue(warning.contains("urn:magpie:filter:0") && warning.contains("x1"), warning);
        }
    }

    @Test
    void aWordHiddenOnlyInTheRichTextCopyIsMaskedToo() throws Exception {
        String a = user();
        String b = user();
        try (RawXmppClient alice = raw(a); RawXmppClient bob = raw(b)) {
            alice.send("<message to='" + jid(b) + "' type='chat'><body>a harmless text</body>"
                    + "<html xmlns='http://jabber.org/protocol/xhtml-im'><body xmlns='http://www.w3.org/1999/xhtml'>"
                    + "<p>他<span>妈</span>的</p></body></html></message>");
            String got = bob.await("</message>", RAW_WAIT);
            assertTrue(got.contains("a harmless text"), got);
            assertTrue(got.contains("<p>*<span>*</span>*</p>"), got);
        }
    }

    @Test
    void sharedFileNamesAndDirectInvitationReasonsAreMasked() throws Exception {
        String a = user();
        String b = user();
        try (RawXmppClient alice = raw(a); RawXmppClient bob = raw(b)) {
            alice.send("<message to='" + jid(b) + "' type='chat'><body>https://files/x/report.pdf</body>"
                    + "<file xmlns='urn:magpie:files:0' name='\u0455h\u0456t report.pdf' size='10'/></message>");
            String file = bob.await("</message>", RAW_WAIT);
            assertTrue(file.contains("name=\"**** report.pdf\""), file);
            alice.send("<message to='" + jid(b) + "'><x xmlns='jabber:x:conference' jid='1@rooms." + InProcessServer.DOMAIN
                    + "' reason='come, 傻\u200B逼'/></message>");
            String invitation = bob.await("</message>", RAW_WAIT);
            assertTrue(invitation.contains("reason=\"come, ***\""), invitation);
        }
    }

    // ================================================================ groups

    @Test
    void aGroupSubjectAndAStatusInTheGroupAreMasked() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try {
            EntityBareJid room = newRoom();
            MultiUserChat aliceMuc = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
            aliceMuc.create(Resourcepart.from("Alice")).makeInstant();
            MultiUserChat bobMuc = MultiUserChatManager.getInstanceFor(bob).getMultiUserChat(room);
            bobMuc.join(Resourcepart.from("Bob"));
            try (StanzaCollector subjects = bob.createStanzaCollector(new AndFilter(MessageTypeFilter.GROUPCHAT,
                    m -> ((Message) m).getSubject() != null && !((Message) m).getSubject().isEmpty()));
                 StanzaCollector presences = alice.createStanzaCollector(new AndFilter(StanzaTypeFilter.PRESENCE,
                    FromMatchesFilter.createFull(JidCreate.entityFullFrom(room, Resourcepart.from("Bob"))),
                    p -> ((Presence) p).getStatus() != null))) {
                // sent as a plain message: Smack's changeSubject waits for the subject exactly as written
                alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(room).ofType(Message.Type.groupchat)
                        .setSubject("\u0455h\u0456t news").build());
                Message subject = subjects.nextResult(WAIT);
                assertNotNull(subject, "bob saw the new subject");
                assertEquals("**** news", subject.getSubject());
                bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().to(JidCreate.entityFullFrom(room,
                        Resourcepart.from("Bob"))).setStatus("傻\u3164逼 busy").build());
                Presence status = presences.nextResult(WAIT);
                assertNotNull(status, "alice saw bob's status");
                assertEquals("*** busy", status.getStatus());
            }
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void aGroupNicknameWithAListedWordIsRefused() throws Exception {
        String a = user();
        String b = user();
        try (RawXmppClient alice = raw(a); RawXmppClient bob = raw(b)) {
            EntityBareJid room = newRoom();
            assertNicknameRefused(presence(alice, "n1", room + "/傻逼"), "傻逼"); // would have created the group
            String entered = presence(alice, "n2", room + "/Alice");
            assertTrue(entered.contains("code=\"201\""), "alice created the group as Alice: " + entered);
            assertNicknameRefused(presence(bob, "n3", room + "/\u0455h\u0456t"), "shit"); // Cyrillic ѕ and і
            assertNicknameRefused(presence(alice, "n4", room + "/他媽的"), "他妈的"); // a change of nickname
        }
    }

    /** Sends a group presence (entering, or a new nickname) and returns the answer with its id. */
    private static String presence(RawXmppClient c, String id, String to) throws Exception {
        c.send("<presence id='" + id + "' to='" + to + "'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        while (true) {
            String stanza = c.await("</presence>", RAW_WAIT);
            if (stanza.contains("id=\"" + id + "\"") || stanza.contains("code=\"110\"")) {
                return stanza;
            }
        }
    }

    private static void assertNicknameRefused(String answer, String rule) {
        assertTrue(answer.contains("type=\"error\"") && answer.contains("<not-acceptable"), answer);
        assertTrue(answer.contains("The nickname contains words that are not allowed (" + rule + ")"), answer);
        assertTrue(answer.contains("昵称中含有不允许使用的词语（" + rule + "）"), answer);
    }

    @Test
    void groupNamesAndDescriptionsWithAListedWordAreRefused() throws Exception {
        String a = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        try {
            EntityBareJid room = newRoom();
            XMPPErrorException created = assertThrows(XMPPErrorException.class, () -> iq(alice, room,
                    "<create xmlns='urn:magpie:rooms:0' number='" + room.getLocalpart() + "' name='\u0455h\u0456t group'/>"));
            assertRefused(created, "group name", "群名称");
            XMPPErrorException described = assertThrows(XMPPErrorException.class, () -> iq(alice, room,
                    "<create xmlns='urn:magpie:rooms:0' number='" + room.getLocalpart() + "' name='Team' description='機密文件 here'/>"));
            assertRefused(described, "group description", "群简介");

            MultiUserChat muc = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
            muc.create(Resourcepart.from("Alice"));
            FillableForm name = muc.getConfigurationForm().getFillableForm();
            name.setAnswer("muc#roomconfig_roomname", "傻\u3164逼群");
            assertRefused(assertThrows(XMPPErrorException.class, () -> muc.sendConfigurationForm(name)), "group name", "群名称");
            FillableForm description = muc.getConfigurationForm().getFillableForm();
            description.setAnswer("muc#roomconfig_roomname", "Team");
            description.setAnswer("muc#roomconfig_roomdesc", "ｓｈｉｔ happens");
            assertRefused(assertThrows(XMPPErrorException.class, () -> muc.sendConfigurationForm(description)),
                    "group description", "群简介");
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void aGroupInvitationReasonIsMasked() throws Exception {
        String a = user();
        String b = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        XMPPTCPConnection bob = server.login(b, PASSWORD, "desk");
        try (StanzaCollector invitations = bob.createStanzaCollector(m -> m instanceof Message msg && MUCUser.from(msg) != null
                && MUCUser.from(msg).getInvite() != null)) {
            EntityBareJid room = newRoom();
            MultiUserChat aliceMuc = MultiUserChatManager.getInstanceFor(alice).getMultiUserChat(room);
            aliceMuc.create(Resourcepart.from("Alice")).makeInstant();
            aliceMuc.invite(JidCreate.entityBareFrom(jid(b)), "join, \u0455h\u0456t!");
            Message invitation = invitations.nextResult(WAIT);
            assertNotNull(invitation, "bob was invited");
            assertEquals("join, ****!", MUCUser.from(invitation).getInvite().getReason());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    // ================================================================ profiles and files

    @Test
    void aVCardWithAListedWordIsRefusedAndTheOldOneKept() throws Exception {
        String a = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        try {
            VCardManager vcards = VCardManager.getInstanceFor(alice);
            VCard ok = new VCard();
            ok.setOrganization("Magpie");
            ok.setField("DESC", "hello");
            vcards.saveVCard(ok);
            VCard bad = new VCard();
            bad.setOrganization("Magpie");
            bad.setField("DESC", "我是\u0455h\u0456t");
            assertRefused(assertThrows(XMPPErrorException.class, () -> vcards.saveVCard(bad)), "vCard", "名片");
            VCard title = new VCard();
            title.setField("TITLE", "機密文件 keeper");
            assertRefused(assertThrows(XMPPErrorException.class, () -> vcards.saveVCard(title)), "vCard", "名片");
            assertEquals("hello", vcards.loadVCard().getField("DESC"), "the old vCard stays");
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void anUploadWithAListedWordInItsFileNameIsRefused() throws Exception {
        String a = user();
        XMPPTCPConnection alice = server.login(a, PASSWORD, "desk");
        try {
            HttpFileUploadManager uploads = HttpFileUploadManager.getInstanceFor(alice);
            assertTrue(uploads.discoverUploadService());
            XMPPErrorException e = assertThrows(XMPPErrorException.class,
                    () -> uploads.requestSlot("\u0455h\u0456t-list.txt", 10, "text/plain"));
            assertRefused(e, "file name", "文件名");
            assertNotNull(uploads.requestSlot("list.txt", 10, "text/plain"), "a clean name gets its slot");
        } finally {
            alice.disconnect();
        }
    }

    private static void assertRefused(XMPPErrorException e, String en, String zh) {
        StanzaError error = e.getStanzaError();
        assertEquals(StanzaError.Condition.not_acceptable, error.getCondition(), error.toXML().toString());
        assertTrue(error.getDescriptiveText("en").contains(en) && error.getDescriptiveText("en").contains("not allowed"),
                error.toXML().toString());
        assertTrue(error.getDescriptiveText("zh").contains(zh) && error.getDescriptiveText("zh").contains("不允许"),
                error.toXML().toString());
    }

    /** A groups-protocol request to the rooms service. */
    private static void iq(XMPPTCPConnection c, EntityBareJid room, String xml) throws Exception {
        IQ request = new RoomsIT.RawIq(xml);
        request.setTo(room.asDomainBareJid());
        request.setType(IQ.Type.set);
        c.createStanzaCollectorAndSend(request).nextResultOrThrow();
    }

    private static EntityBareJid newRoom() throws Exception {
        return JidCreate.entityBareFrom("8" + USERS.incrementAndGet() + "@rooms." + InProcessServer.DOMAIN);
    }

    /** A client writing and reading the stanzas as XML, to send exactly what a script would and see exactly what arrives. */
    private static RawXmppClient raw(String user) throws Exception {
        RawXmppClient raw = new RawXmppClient(server.port());
        raw.startTls(server.sslContext());
        assertTrue(raw.scramSha256(user, PASSWORD).contains("success"), raw.transcript());
        raw.send(RawXmppClient.OPEN);
        raw.await("</stream:features>", Duration.ofMillis(WAIT));
        raw.send("<iq type='set' id='bind'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        raw.await("</iq>", Duration.ofMillis(WAIT));
        raw.send("<presence/>");
        // the session handles its stanzas in order: once the ping is answered, the presence went through
        raw.send("<iq type='get' id='online' to='" + InProcessServer.DOMAIN + "'><ping xmlns='urn:xmpp:ping'/></iq>");
        raw.await("id=\"online\"", Duration.ofMillis(WAIT));
        raw.await(">", Duration.ofMillis(WAIT));
        return raw;
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
