package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.element.MamPrefsIQ;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.mam.element.MamElements.MamResultExtension;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The message archive through XEP-0313 with Smack's MamManager and with slixmpp: every chat message
 * with a body is archived with a XEP-0359 stanza-id, pages of any size go forwards and backwards,
 * 'with', 'start' and 'end' filter, and nobody reads another user's archive.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArchiveIT {

    private Path tmp;

    private InProcessServer server;
    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;
    private final BlockingQueue<Message> bobInbox = new LinkedBlockingQueue<>();
    private EntityBareJid aliceJid;
    private EntityBareJid bobJid;
    private EntityBareJid carolJid;
    /** Bodies in the order sent, of alice and bob's conversation. */
    private final List<String> conversation = new ArrayList<>();

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        tmp = dir;
        server = InProcessServer.start(tmp, Map.of());
        server.register("alice", "alicepass1", "Alice");
        server.register("bob", "bobpass12", "Bob");
        server.register("carol", "carolpass1", "Carol");
        aliceJid = JidCreate.entityBareFrom("alice@localhost");
        bobJid = JidCreate.entityBareFrom("bob@localhost");
        carolJid = JidCreate.entityBareFrom("carol@localhost");
        alice = server.login("alice", "alicepass1", "desk");
        bob = server.login("bob", "bobpass12", "desk");
        bob.addAsyncStanzaListener(s -> bobInbox.offer((Message) s),
                s -> s instanceof Message m && m.getBody() != null);
        // 25 messages alice -> bob, 5 bob -> alice interleaved, 3 alice -> carol (offline)
        for (int i = 1; i <= 30; i++) {
            boolean fromBob = i % 6 == 0;
            String body = (fromBob ? "bob " : "alice ") + i + " 你好";
            conversation.add(body);
            XMPPTCPConnection sender = fromBob ? bob : alice;
            sender.sendStanza(chat(sender, fromBob ? aliceJid : bobJid, body));
            boolean nextFromBob = (i + 1) % 6 == 0;
            if (nextFromBob != fromBob) {
                // answered only after the server has taken the message: the two senders take turns in order
                PingManager.getInstanceFor(sender).pingMyServer();
            }
        }
        for (int i = 1; i <= 3; i++) {
            alice.sendStanza(chat(alice, carolJid, "to carol " + i));
        }
        PingManager.getInstanceFor(alice).pingMyServer();
        PingManager.getInstanceFor(bob).pingMyServer();
    }

    @AfterAll
    void stop() throws Exception {
        for (XMPPTCPConnection c : new XMPPTCPConnection[] {alice, bob}) {
            if (c != null) {
                c.disconnect();
            }
        }
        if (server != null) {
            server.close();
        }
    }

    static Message chat(XMPPTCPConnection from, Jid to, String body) {
        return from.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(to).setBody(body).build();
    }

    @Test
    void theArchiveIsAnnouncedOnTheAccountAsXep0313Asks() throws Exception {
        assertTrue(MamManager.getInstanceFor(alice).isSupported(), "urn:xmpp:mam:2 on the account's disco#info");
    }

    @Test
    void aConversationIsLeftOutOfTheArchiveOnlyWhenBothSidesChoseNever() throws Exception {
        XMPPTCPConnection erin = login("erin");
        XMPPTCPConnection finn = login("finn");
        try {
            MamManager erinMam = MamManager.getInstanceFor(erin);
            MamManager finnMam = MamManager.getInstanceFor(finn);
            assertEquals(MamPrefsIQ.DefaultBehavior.always, erinMam.retrieveArchivingPreferences().mamPrefs.getDefault());
            EntityBareJid finnJid = finn.getUser().asEntityBareJid();
            EntityBareJid erinJid = erin.getUser().asEntityBareJid();
            BlockingQueue<Message> finnGot = new LinkedBlockingQueue<>();
            finn.addAsyncStanzaListener(s -> finnGot.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);

            assertEquals(MamPrefsIQ.DefaultBehavior.never, erinMam.setDefaultBehavior(MamPrefsIQ.DefaultBehavior.never).mamPrefs.getDefault());
            erin.sendStanza(chat(erin, finnJid, "finn still keeps this"));
            next(finnGot);
            finnMam.setDefaultBehavior(MamPrefsIQ.DefaultBehavior.never);
            erin.sendStanza(chat(erin, finnJid, "nobody keeps this"));
            Message unkept = next(finnGot);
            assertEquals("nobody keeps this", unkept.getBody());
            assertNull(StanzaIdElement.getStanzaId(unkept), "no archive id for a message nobody keeps");

            List<String> kept = finnMam.queryArchive(MamQueryArgs.builder().limitResultsToJid(erinJid).build())
                    .getMessages().stream().map(Message::getBody).toList();
            assertEquals(List.of("finn still keeps this"), kept);
            assertEquals(MamPrefsIQ.DefaultBehavior.never, finnMam.retrieveArchivingPreferences().mamPrefs.getDefault(), "kept");
            finnMam.setDefaultBehavior(MamPrefsIQ.DefaultBehavior.always);
            erin.sendStanza(chat(erin, finnJid, "kept again"));
            next(finnGot);
            assertEquals(2, finnMam.queryArchive(MamQueryArgs.builder().limitResultsToJid(erinJid).build()).getMessages().size());
        } finally {
            erin.disconnect();
            finn.disconnect();
        }
    }

    @Test
    void deliveredMessagesCarryTheArchiveIdOfTheRecipient() throws Exception {
        Message m = next(bobInbox);
        StanzaIdElement sid = StanzaIdElement.getStanzaId(m);
        assertNotNull(sid, "stanza-id on " + m.toXML());
        assertEquals("bob@localhost", sid.getBy());
        // the same id finds the message in alice's archive: it is one archived message for both
        MamQuery page = MamManager.getInstanceFor(alice).queryArchive(MamQueryArgs.builder().limitResultsToJid(bobJid)
                .afterUid(sid.getId()).setResultPageSizeTo(1).build());
        assertEquals(1, page.getMessages().size());
    }

    @Test
    void forgedStanzaIdsAreRemoved() throws Exception {
        XMPPTCPConnection dave = login("dave");
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        dave.addAsyncStanzaListener(s -> got.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);
        Message forged = alice.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat)
                .to(JidCreate.entityBareFrom("dave@localhost")).setBody("forged id")
                .addExtension(new StanzaIdElement("i-am-fake", "dave@localhost")).build();
        alice.sendStanza(forged);
        Message m = next(got);
        assertEquals(1, m.getExtensions(StanzaIdElement.QNAME).size(), m.toXML().toString());
        assertFalse(StanzaIdElement.getStanzaId(m).getId().equals("i-am-fake"));
        dave.disconnect();
    }

    @Test
    void pagesForwardThroughAConversation() throws Exception {
        MamManager mam = MamManager.getInstanceFor(alice);
        MamQuery q = mam.queryArchive(MamQueryArgs.builder().limitResultsToJid(bobJid).setResultPageSizeTo(7).build());
        List<String> bodies = new ArrayList<>(bodies(q.getMessages()));
        assertEquals(7, bodies.size());
        assertFalse(q.isComplete());
        int pages = 1;
        while (!q.isComplete()) {
            bodies.addAll(bodies(q.pageNext(7)));
            assertTrue(++pages < 10, "paging ends");
        }
        assertEquals(conversation, bodies);
        assertEquals(5, pages, "30 messages in pages of 7");
    }

    @Test
    void pagesBackwardFromTheMostRecent() throws Exception {
        MamManager mam = MamManager.getInstanceFor(bob);
        MamQuery q = mam.queryArchive(MamQueryArgs.builder().limitResultsToJid(aliceJid).setResultPageSizeTo(8)
                .queryLastPage().build());
        assertEquals(conversation.subList(22, 30), bodies(q.getMessages()));
        List<String> older = bodies(q.pagePrevious(8));
        assertEquals(conversation.subList(14, 22), older);
        List<String> all = new ArrayList<>();
        while (!q.isComplete()) {
            all.addAll(0, bodies(q.pagePrevious(8)));
        }
        assertEquals(conversation.subList(0, 14), all);
    }

    @Test
    void theWholeArchiveHoldsEveryConversationOfItsOwner() throws Exception {
        MamQuery q = MamManager.getInstanceFor(alice).queryArchive(MamQueryArgs.builder().setResultPageSizeTo(100).build());
        List<String> bodies = bodies(q.getMessages());
        assertTrue(bodies.containsAll(conversation), bodies.toString());
        assertTrue(bodies.containsAll(List.of("to carol 1", "to carol 2", "to carol 3")), bodies.toString());
        assertTrue(q.isComplete());
        MamQuery carolsView = MamManager.getInstanceFor(bob).queryArchive(MamQueryArgs.builder().limitResultsToJid(carolJid).build());
        assertEquals(List.of(), carolsView.getMessages(), "bob has no conversation with carol");
        for (MamResultExtension r : q.getMamResultExtensions()) {
            Message m = (Message) r.getForwarded().getForwardedStanza();
            assertNotNull(r.getForwarded().getDelayInformation(), "delay on every result");
            assertEquals(r.getId(), StanzaIdElement.getStanzaId(m).getId());
            assertEquals("alice@localhost", StanzaIdElement.getStanzaId(m).getBy());
        }
    }

    @Test
    void startAndEndSelectAPeriod() throws Exception {
        MamQuery all = MamManager.getInstanceFor(alice).queryArchive(MamQueryArgs.builder().limitResultsToJid(bobJid)
                .setResultPageSizeTo(100).build());
        List<Instant> stamps = new ArrayList<>();
        for (MamResultExtension r : all.getMamResultExtensions()) {
            stamps.add(r.getForwarded().getDelayInformation().getStamp().toInstant());
        }
        assertEquals(30, stamps.size());
        Instant start = stamps.get(10);
        Instant end = stamps.get(20);
        long expected = stamps.stream().filter(s -> !s.isBefore(start) && !s.isAfter(end)).count();
        MamQuery period = MamManager.getInstanceFor(alice).queryArchive(MamQueryArgs.builder().limitResultsToJid(bobJid)
                .limitResultsSince(Date.from(start)).limitResultsBefore(Date.from(end)).setResultPageSizeTo(100).build());
        assertEquals(expected, period.getMessages().size());
        for (MamResultExtension r : period.getMamResultExtensions()) {
            Instant s = r.getForwarded().getDelayInformation().getStamp().toInstant();
            assertFalse(s.isBefore(start) || s.isAfter(end), s + " within " + start + " .. " + end);
        }
        MamQuery future = MamManager.getInstanceFor(alice).queryArchive(MamQueryArgs.builder()
                .limitResultsSince(Date.from(Instant.now().plusSeconds(3600))).build());
        assertEquals(List.of(), future.getMessages());
        assertTrue(future.isComplete());
    }

    @Test
    void onlyTheOwnerReadsAnArchive() throws Exception {
        XMPPErrorException e = assertThrows(XMPPErrorException.class,
                () -> MamManager.getInstanceFor(alice, bobJid).queryArchive(MamQueryArgs.builder().build()));
        assertEquals(StanzaError.Condition.forbidden, e.getStanzaError().getCondition());
        assertTrue(e.getStanzaError().getDescriptiveText("en").contains("bob@localhost"));
    }

    @Test
    void badQueriesGetClearErrors() throws Exception {
        XMPPErrorException unknown = assertThrows(XMPPErrorException.class,
                () -> MamManager.getInstanceFor(alice).queryArchive(MamQueryArgs.builder().afterUid("no-such-id").build()));
        assertEquals(StanzaError.Condition.item_not_found, unknown.getStanzaError().getCondition());
        XMPPErrorException badDate = assertThrows(XMPPErrorException.class, () -> alice.sendIqRequestAndWaitForResponse(
                new XmlIq("query", "urn:xmpp:mam:2", "<x xmlns='jabber:x:data' type='submit'>"
                        + "<field var='FORM_TYPE' type='hidden'><value>urn:xmpp:mam:2</value></field>"
                        + "<field var='start'><value>yesterday</value></field></x>", IQ.Type.set, null)));
        assertEquals(StanzaError.Condition.bad_request, badDate.getStanzaError().getCondition());
        assertTrue(badDate.getStanzaError().getDescriptiveText("en").contains("start"));
        XMPPErrorException index = assertThrows(XMPPErrorException.class, () -> alice.sendIqRequestAndWaitForResponse(
                new XmlIq("query", "urn:xmpp:mam:2", "<set xmlns='http://jabber.org/protocol/rsm'><index>3</index></set>",
                        IQ.Type.set, null)));
        assertEquals(StanzaError.Condition.feature_not_implemented, index.getStanzaError().getCondition());
    }

    @Test
    void formAndMetadataAreAnswered() throws Exception {
        assertTrue(MamManager.getInstanceFor(alice).retrieveFormFields().stream()
                .anyMatch(f -> "with".equals(f.getFieldName())));
        IQ meta = alice.sendIqRequestAndWaitForResponse(new XmlIq("metadata", "urn:xmpp:mam:2", "", IQ.Type.get, null));
        String xml = ((UnparsedIQ) meta).getContent().toString();
        assertTrue(xml.contains("<start") && xml.contains("<end"), xml);
    }

    @Test
    void slixmppReadsTheSameHistory() throws Exception {
        String python = pythonWithSlixmpp();
        if (!"true".equals(System.getenv("CI"))) {
            Assumptions.assumeTrue(python != null, "python3 with slixmpp is not installed");
        }
        assertNotNull(python, "CI must have python3-slixmpp (.ci/run installs it)");
        Path script = Path.of(System.getProperty("magpie.interop.dir", "src/test/interop"), "slixmpp_mam.py").toAbsolutePath();
        Path ca = tmp.resolve("magpie-ca.pem");
        X509Certificate cert = (X509Certificate) server.trustManager().getAcceptedIssuers()[0];
        Files.writeString(ca, "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(cert.getEncoded())
                + "\n-----END CERTIFICATE-----\n");
        Process p = new ProcessBuilder(python, script.toString(), Integer.toString(server.port()), ca.toString())
                .redirectErrorStream(true).start();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "slixmpp check finished");
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.contains("INTEROP OK"), output);
    }

    // ------------------------------------------------------------------------------------------

    private XMPPTCPConnection login(String name) throws Exception {
        server.register(name, name + "pass123", name);
        return server.login(name, name + "pass123", "desk");
    }

    static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).toList();
    }

    static Message next(BlockingQueue<Message> q) throws InterruptedException {
        Message m = q.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "a message within 10 s");
        return m;
    }

    static DelayInformation delay(Message m) {
        return DelayInformation.from(m);
    }

    static StandardExtensionElement extension(Message m, String name, String ns) {
        return (StandardExtensionElement) m.getExtensionElement(name, ns);
    }

    /** Debian's interpreter first: python3 on the PATH may be another one without Debian's packages. */
    static String pythonWithSlixmpp() {
        for (String python : new String[] {"/usr/bin/python3", "python3"}) {
            try {
                Process p = new ProcessBuilder(python, "-c", "import slixmpp").redirectErrorStream(true).start();
                if (p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0) {
                    return python;
                }
            } catch (IOException e) {
                // not there; try the next
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** An IQ with a payload written as XML, for requests Smack has no class for. */
    static final class XmlIq extends IQ {
        private final String inner;
        private final Map<String, String> attributes = new java.util.LinkedHashMap<>();

        XmlIq(String element, String namespace, String inner, IQ.Type type, Jid to) {
            super(element, namespace);
            this.inner = inner;
            setType(type);
            setTo(to);
        }

        XmlIq attribute(String name, String value) {
            attributes.put(name, value);
            return this;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            attributes.forEach(xml::attribute);
            if (inner.isEmpty()) {
                xml.setEmptyElement();
            } else {
                xml.rightAngleBracket();
                xml.append(inner);
            }
            return xml;
        }
    }
}
