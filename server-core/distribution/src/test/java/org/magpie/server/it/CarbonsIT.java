package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Message carbons (XEP-0280) with Smack's CarbonManager against the real server, with two sessions
 * per account allowed: a message one device sends reaches the account's other device as a sent
 * carbon, a message to one device reaches the other as a received carbon, both checked by Smack
 * (it accepts only carbons from its own bare JID); private messages and disabled sessions get none.
 */
class CarbonsIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // Smack has no parser for <private/>, and its generic one trips an assertion on an element that
        // declares its default namespace (see InboxIT): a client that receives private messages has one
        ProviderManager.addExtensionProvider(CarbonExtension.Private.ELEMENT, CarbonExtension.NAMESPACE,
                new ExtensionElementProvider<CarbonExtension.Private>() {
                    @Override
                    public CarbonExtension.Private parse(XmlPullParser parser, int depth, XmlEnvironment env) {
                        return CarbonExtension.Private.INSTANCE;
                    }
                });
        server = InProcessServer.start(tmp, Map.of("server.sessions.per.account", "2"));
        server.registerAll(PASSWORD, "carla", "dan", "erin", "fred");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theOtherDeviceGetsSentAndReceivedCarbonsButNotPrivateOnes() throws Exception {
        XMPPTCPConnection desk = server.login("carla", PASSWORD, "desk");
        XMPPTCPConnection phone = server.login("carla", PASSWORD, "phone");
        XMPPTCPConnection dan = server.login("dan", PASSWORD, "pc");
        try {
            assertTrue(CarbonManager.getInstanceFor(desk).isSupportedByServer(), "carbons are in the server's disco#info");
            CarbonManager.getInstanceFor(desk).enableCarbons();
            CarbonManager.getInstanceFor(phone).enableCarbons();
            BlockingQueue<Carbon> atPhone = carbons(phone);
            BlockingQueue<Carbon> atDesk = carbons(desk);
            BlockingQueue<Message> danGets = messages(dan);

            // a private message first: no copy; then an ordinary one, whose copy must be the first to arrive
            desk.sendStanza(chat(desk, jid("dan"), "just for dan").addExtension(CarbonExtension.Private.INSTANCE).build());
            desk.sendStanza(chat(desk, jid("dan"), "hello dan").build());
            Carbon sent = next(atPhone);
            assertEquals(CarbonExtension.Direction.sent, sent.direction);
            assertEquals("hello dan", sent.message.getBody(), "the private message was not copied");
            assertEquals(jid("dan"), sent.message.getTo());
            assertEquals(full("carla", "desk"), sent.message.getFrom());
            assertEquals("just for dan", next(danGets).getBody());
            assertEquals("hello dan", next(danGets).getBody());

            // dan answers one device by its full JID: the other one gets a received carbon
            dan.sendStanza(chat(dan, full("carla", "desk"), "hi desk").build());
            Carbon received = next(atPhone);
            assertEquals(CarbonExtension.Direction.received, received.direction);
            assertEquals("hi desk", received.message.getBody());
            assertEquals(full("dan", "pc"), received.message.getFrom());

            // to the bare JID both devices (same priority) get the message itself, and no carbon of it
            dan.sendStanza(chat(dan, jid("carla"), "hi both").build());
            dan.sendStanza(chat(dan, full("carla", "phone"), "hi phone").build());
            Carbon third = next(atDesk);
            assertEquals("hi phone", third.message.getBody(), "no carbon of the message both devices got");
            assertEquals(CarbonExtension.Direction.received, third.direction);
        } finally {
            desk.disconnect();
            phone.disconnect();
            dan.disconnect();
        }
    }

    @Test
    void aSessionThatDisabledCarbonsGetsNoCopies() throws Exception {
        XMPPTCPConnection desk = server.login("erin", PASSWORD, "desk");
        XMPPTCPConnection phone = server.login("erin", PASSWORD, "phone");
        XMPPTCPConnection fred = server.login("fred", PASSWORD, "pc");
        try {
            CarbonManager.getInstanceFor(phone).enableCarbons();
            CarbonManager.getInstanceFor(phone).disableCarbons();
            BlockingQueue<Carbon> atPhone = carbons(phone);
            BlockingQueue<Message> phoneGets = messages(phone);

            desk.sendStanza(chat(desk, jid("fred"), "not copied").build());
            fred.sendStanza(chat(fred, full("erin", "desk"), "not copied either").build());
            // proof that the server is done with both: a message to the phone itself arrives after them
            PingManager.getInstanceFor(desk).pingMyServer();
            fred.sendStanza(chat(fred, full("erin", "phone"), "to the phone").build());
            assertEquals("to the phone", next(phoneGets).getBody());
            assertTrue(atPhone.isEmpty(), "no carbons: " + atPhone);
        } finally {
            desk.disconnect();
            phone.disconnect();
            fred.disconnect();
        }
    }

    // ---------------------------------------------------------------- helpers

    private record Carbon(CarbonExtension.Direction direction, Message message) {
    }

    private static BlockingQueue<Carbon> carbons(XMPPTCPConnection c) {
        BlockingQueue<Carbon> queue = new LinkedBlockingQueue<>();
        CarbonManager.getInstanceFor(c).addCarbonCopyReceivedListener(
                (direction, copy, wrapper) -> queue.add(new Carbon(direction, copy)));
        return queue;
    }

    /** Messages that are no carbons. */
    private static BlockingQueue<Message> messages(XMPPTCPConnection c) {
        BlockingQueue<Message> queue = new LinkedBlockingQueue<>();
        c.addSyncStanzaListener(s -> { // in arrival order, as the carbons listener
            Message m = (Message) s;
            if (m.getBody() != null) {
                queue.add(m);
            }
        }, StanzaTypeFilter.MESSAGE);
        return queue;
    }

    private static <T> T next(BlockingQueue<T> queue) throws InterruptedException {
        T t = queue.poll(10, TimeUnit.SECONDS);
        assertNotNull(t, "nothing arrived within 10 s");
        return t;
    }

    private static MessageBuilder chat(XMPPTCPConnection from, Jid to, String body) {
        return from.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(to).setBody(body);
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }

    private static Jid full(String user, String resource) {
        return JidCreate.fromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN + "/" + resource);
    }
}
