package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import javax.xml.parsers.DocumentBuilderFactory;

import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.UnparsedIQ;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chat_markers.element.ChatMarkersElements;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * The inbox (urn:magpie:inbox:0): unread count and last message per conversation, fetched at login;
 * a XEP-0333 displayed marker or a read IQ resets the count and the user's other session hears of
 * it; a removed account takes its history, waiting messages and inbox entries along.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InboxIT {

    static final String NS = "urn:magpie:inbox:0";

    private InProcessServer server;
    private EntityBareJid aliceJid;
    private EntityBareJid bobJid;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        // as a client would: Smack's generic parser trips an assertion on unknown elements that declare
        // a default namespace (its StAX adapter reports the prefix as "" where the assertion wants null)
        ProviderManager.addExtensionProvider("read", NS, new ExtensionElementProvider<StandardExtensionElement>() {
            @Override
            public StandardExtensionElement parse(XmlPullParser parser, int depth, XmlEnvironment env) {
                return StandardExtensionElement.builder("read", NS).addAttribute("jid", parser.getAttributeValue("", "jid"))
                        .build();
            }
        });
        server = InProcessServer.start(tmp, Map.of("server.sessions.per.account", "2"));
        server.register("alice", "alicepass1", "Alice");
        server.register("bob", "bobpass12", "Bob 鲍勃");
        aliceJid = JidCreate.entityBareFrom("alice@localhost");
        bobJid = JidCreate.entityBareFrom("bob@localhost");
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void countsReceivedMessagesAndResetsAcrossSessions() throws Exception {
        XMPPTCPConnection bob = server.login("bob", "bobpass12", "desk");
        for (int i = 1; i <= 3; i++) {
            bob.sendStanza(ArchiveIT.chat(bob, aliceJid, "line " + i + "\nmore"));
        }
        PingManager.getInstanceFor(bob).pingMyServer();
        Map<String, Element> bobsView = inbox(bob);
        assertEquals("0", bobsView.get("alice@localhost").getAttribute("unread"), "own messages are not unread");

        XMPPTCPConnection desk = server.login("alice", "alicepass1", "desk");
        XMPPTCPConnection phone = server.login("alice", "alicepass1", "phone");
        BlockingQueue<Message> phonePushes = pushes(phone);
        BlockingQueue<Message> deskPushes = pushes(desk);
        Map<String, Element> at = inbox(desk);
        Element conv = at.get("bob@localhost");
        assertEquals("3", conv.getAttribute("unread"));
        assertEquals("chat", conv.getAttribute("type"));
        Element last = (Element) conv.getElementsByTagNameNS(NS, "last").item(0);
        assertEquals("bob@localhost", last.getAttribute("from"));
        assertEquals("Bob 鲍勃", last.getAttribute("nick"));
        assertFalse(last.getAttribute("stamp").isEmpty());
        assertEquals("line 3\nmore", last.getElementsByTagNameNS(NS, "body").item(0).getTextContent());
        String lastId = last.getAttribute("id");

        // a reply is the latest message but changes nobody's own count
        desk.sendStanza(ArchiveIT.chat(desk, bobJid, "got it"));
        PingManager.getInstanceFor(desk).pingMyServer();
        conv = inbox(phone).get("bob@localhost");
        assertEquals("3", conv.getAttribute("unread"));
        assertEquals("got it", conv.getElementsByTagNameNS(NS, "body").item(0).getTextContent());
        assertEquals("1", inbox(bob).get("alice@localhost").getAttribute("unread"));

        // a displayed marker from the desk resets the count; the phone is told, the desk is not
        desk.sendStanza(desk.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(bobJid)
                .addExtension(new ChatMarkersElements.DisplayedExtension(lastId)).build());
        Message push = ArchiveIT.next(phonePushes);
        StandardExtensionElement read = (StandardExtensionElement) push.getExtensionElement("read", NS);
        assertEquals("bob@localhost", read.getAttributeValue("jid"));
        assertEquals(aliceJid, push.getFrom());
        assertEquals("0", inbox(desk).get("bob@localhost").getAttribute("unread"));
        assertNull(deskPushes.poll(), "the session that read it needs no push");

        // the same with the read IQ, from the phone
        bob.sendStanza(ArchiveIT.chat(bob, aliceJid, "again"));
        PingManager.getInstanceFor(bob).pingMyServer();
        assertEquals("1", inbox(phone).get("bob@localhost").getAttribute("unread"));
        phone.sendIqRequestAndWaitForResponse(new ArchiveIT.XmlIq("read", NS, "", IQ.Type.set, null)
                .attribute("jid", "bob@localhost"));
        assertEquals("bob@localhost", ((StandardExtensionElement) ArchiveIT.next(deskPushes)
                .getExtensionElement("read", NS)).getAttributeValue("jid"));
        assertEquals("0", inbox(desk).get("bob@localhost").getAttribute("unread"));
        for (XMPPTCPConnection c : List.of(bob, desk, phone)) {
            c.disconnect();
        }
    }

    @Test
    void theInboxListsLatestActivityFirst() throws Exception {
        server.register("erin", "erinpass12", "Erin");
        server.register("frank", "frankpass1", "Frank");
        XMPPTCPConnection erin = server.login("erin", "erinpass12", "desk");
        XMPPTCPConnection frank = server.login("frank", "frankpass1", "desk");
        EntityBareJid ivy = JidCreate.entityBareFrom("ivy@localhost");
        server.register("ivy", "ivypass123", "Ivy");
        frank.sendStanza(ArchiveIT.chat(frank, ivy, "from frank"));
        PingManager.getInstanceFor(frank).pingMyServer();
        erin.sendStanza(ArchiveIT.chat(erin, ivy, "from erin"));
        PingManager.getInstanceFor(erin).pingMyServer();
        XMPPTCPConnection i = server.login("ivy", "ivypass123", "desk");
        IQ answer = i.sendIqRequestAndWaitForResponse(new ArchiveIT.XmlIq("inbox", NS, "", IQ.Type.get, null));
        String xml = ((UnparsedIQ) answer).getContent().toString();
        assertTrue(xml.indexOf("erin@localhost") < xml.indexOf("frank@localhost"), xml);
        assertTrue(xml.contains("unread=\"2\"") || xml.contains("unread='2'"), "total unread: " + xml);
        for (XMPPTCPConnection c : List.of(erin, frank, i)) {
            c.disconnect();
        }
    }

    @Test
    void aRemovedAccountTakesItsOwnSideAlongAndLeavesTheOtherPartyItsCopy() throws Exception {
        server.register("gina", "ginapass12", "Gina");
        server.register("hank", "hankpass12", "Hank");
        XMPPTCPConnection gina = server.login("gina", "ginapass12", "desk");
        XMPPTCPConnection hank = server.login("hank", "hankpass12", "desk");
        EntityBareJid hankJid = JidCreate.entityBareFrom("hank@localhost");
        EntityBareJid ginaJid = JidCreate.entityBareFrom("gina@localhost");
        gina.sendStanza(ArchiveIT.chat(gina, hankJid, "hello hank"));
        hank.sendStanza(ArchiveIT.chat(hank, ginaJid, "hello gina"));
        PingManager.getInstanceFor(gina).pingMyServer();
        PingManager.getInstanceFor(hank).pingMyServer();
        assertNotNull(inbox(hank).get("gina@localhost"));
        hank.disconnect();
        // hank gets a message while offline, then gina removes her account
        gina.sendStanza(ArchiveIT.chat(gina, hankJid, "bye"));
        PingManager.getInstanceFor(gina).pingMyServer();
        AccountManager.getInstance(gina).deleteAccount();
        InProcessServer.eventually(java.time.Duration.ofSeconds(10), () -> !gina.isConnected()); // the server ends it

        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection h = server.connection("desk");
        h.connect();
        h.addAsyncStanzaListener(s -> got.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);
        h.login("hank", "hankpass12");
        // archive.deletion.keeps.peer.history (default true): what gina sent hank is hank's to keep.
        // Offline messages are handed over one by one after the initial presence, so they may
        // arrive after the answer to an IQ sent at once: wait for the message itself.
        assertEquals("bye", ArchiveIT.next(got).getBody(), "the message waiting for hank still reaches him");
        PingManager.getInstanceFor(h).pingMyServer();
        assertEquals(List.of(), List.copyOf(got), "and nothing else does");
        assertNotNull(inbox(h).get("gina@localhost"), "hank's conversation with gina stays in his inbox");
        // (the two hellos crossed, so either may be first)
        assertEquals(java.util.Set.of("hello hank", "hello gina", "bye"), java.util.Set.copyOf(MamManager.getInstanceFor(h)
                .queryArchive(MamQueryArgs.builder().limitResultsToJid(ginaJid).build()).getMessages().stream()
                .map(Message::getBody).toList()), "hank keeps his history with a removed account");
        h.disconnect();

        // a new account of the same name starts empty
        server.register("gina", "ginapass12", "Gina 2");
        BlockingQueue<Message> newGinaGot = new LinkedBlockingQueue<>();
        XMPPTCPConnection newGina = server.connection("desk");
        newGina.connect();
        newGina.addAsyncStanzaListener(s -> newGinaGot.offer((Message) s), s -> s instanceof Message m && m.getBody() != null);
        newGina.login("gina", "ginapass12");
        // an offline message would be written before the answer to this ping: hank's hello to the
        // old gina (unconfirmed when her session ended) is not the new gina's
        PingManager.getInstanceFor(newGina).pingMyServer();
        assertEquals(List.of(), List.copyOf(newGinaGot), "no message to the removed account");
        assertEquals(List.of(), MamManager.getInstanceFor(newGina).queryArchive(MamQueryArgs.builder().build()).getMessages());
        assertEquals(List.of(), MamManager.getInstanceFor(newGina).queryArchive(MamQueryArgs.builder()
                .limitResultsToJid(hankJid).build()).getMessages(), "not even through the conversation with hank");
        assertTrue(inbox(newGina).isEmpty());
        newGina.disconnect();
    }

    // ------------------------------------------------------------------------------------------

    /** The inbox as conversation elements by JID. */
    static Map<String, Element> inbox(XMPPTCPConnection c) throws Exception {
        IQ answer = c.sendIqRequestAndWaitForResponse(new ArchiveIT.XmlIq("inbox", NS, "", IQ.Type.get, null));
        String xml = ((UnparsedIQ) answer).getContent().toString();
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        org.w3c.dom.Document doc = f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        Map<String, Element> result = new LinkedHashMap<>();
        NodeList list = doc.getElementsByTagNameNS(NS, "conversation");
        for (int i = 0; i < list.getLength(); i++) {
            Element e = (Element) list.item(i);
            result.put(e.getAttribute("jid"), e);
        }
        return result;
    }

    private static BlockingQueue<Message> pushes(XMPPTCPConnection c) {
        BlockingQueue<Message> q = new LinkedBlockingQueue<>();
        c.addAsyncStanzaListener(s -> q.offer((Message) s), s -> s instanceof Message m && m.hasExtension("read", NS));
        return q;
    }

    static String stanzaId(Message m) {
        return StanzaIdElement.getStanzaId(m).getId();
    }
}
