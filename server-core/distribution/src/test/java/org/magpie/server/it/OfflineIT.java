package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0160 offline messages: a chat or normal message to an account without an available session is
 * kept (the sender hears nothing) and handed over at its next login, in order, once, with a
 * XEP-0203 delay from the server; bare chat states are not kept; a full mailbox refuses with
 * resource-constraint.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineIT {

    private InProcessServer server;
    private XMPPTCPConnection alice;
    private final BlockingQueue<Message> aliceErrors = new LinkedBlockingQueue<>();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        server = InProcessServer.start(tmp, Map.of("archive.offline.max.per.user", "5"));
        server.register("alice", "alicepass1", "Alice");
        alice = server.login("alice", "alicepass1", "desk");
        alice.addAsyncStanzaListener(s -> aliceErrors.offer((Message) s),
                s -> s instanceof Message m && m.getType() == Message.Type.error);
    }

    @AfterAll
    void stop() throws Exception {
        if (alice != null) {
            alice.disconnect();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void keptUntilLoginThenDeliveredOnceInOrderWithDelay() throws Exception {
        server.register("bob", "bobpass12", "Bob");
        EntityBareJid bob = JidCreate.entityBareFrom("bob@localhost");
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 1; i <= 3; i++) {
            alice.sendStanza(ArchiveIT.chat(alice, bob, "while away " + i));
        }
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().ofType(Message.Type.normal).to(bob)
                .setBody("a normal message").build());
        alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(bob)
                .addExtension(new ChatStateExtension(ChatState.composing)).build());
        PingManager.getInstanceFor(alice).pingMyServer(); // every message above has been taken
        Instant after = Instant.now();
        assertEquals(List.of(), List.copyOf(aliceErrors), "no 'offline' errors: the messages were kept");

        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection b = loginCollecting("bob", "bobpass12", got);
        for (String body : List.of("while away 1", "while away 2", "while away 3", "a normal message")) {
            Message m = ArchiveIT.next(got);
            assertEquals(body, m.getBody());
            DelayInformation delay = DelayInformation.from(m);
            assertNotNull(delay, "delay on " + m.toXML());
            assertEquals("localhost", delay.getFrom());
            Instant stamp = delay.getStamp().toInstant();
            assertFalse(stamp.isBefore(before) || stamp.isAfter(after), stamp + " within " + before + " .. " + after);
            assertEquals("bob@localhost", StanzaIdElement.getStanzaId(m).getBy());
            assertEquals(body.startsWith("while") ? Message.Type.chat : Message.Type.normal, m.getType());
        }
        PingManager.getInstanceFor(b).pingMyServer();
        assertEquals(List.of(), List.copyOf(got), "the chat state was not kept");
        b.disconnect();

        XMPPTCPConnection again = loginCollecting("bob", "bobpass12", got);
        PingManager.getInstanceFor(again).pingMyServer();
        assertEquals(List.of(), List.copyOf(got), "delivered once: nothing again at the next login");
        again.disconnect();
    }

    @Test
    void aFullMailboxRefusesWithResourceConstraint() throws Exception {
        server.register("carol", "carolpass1", "Carol");
        EntityBareJid carol = JidCreate.entityBareFrom("carol@localhost");
        aliceErrors.clear();
        for (int i = 1; i <= 5; i++) {
            alice.sendStanza(ArchiveIT.chat(alice, carol, "fits " + i));
        }
        PingManager.getInstanceFor(alice).pingMyServer();
        assertEquals(List.of(), List.copyOf(aliceErrors));
        alice.sendStanza(ArchiveIT.chat(alice, carol, "one too many"));
        Message error = ArchiveIT.next(aliceErrors);
        assertEquals("one too many", error.getBody());
        assertEquals(StanzaError.Condition.resource_constraint, error.getError().getCondition());
        assertTrue(error.getError().getDescriptiveText("en").contains("carol@localhost"), error.toXML().toString());
        assertNotNull(error.getError().getDescriptiveText("zh"));

        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection c = loginCollecting("carol", "carolpass1", got);
        for (int i = 1; i <= 5; i++) {
            assertEquals("fits " + i, ArchiveIT.next(got).getBody());
        }
        PingManager.getInstanceFor(c).pingMyServer();
        assertEquals(List.of(), List.copyOf(got), "the refused message was not kept");
        c.disconnect();
    }

    @Test
    void messagesToAnAvailableUserAreNotKept() throws Exception {
        server.register("dave", "davepass12", "Dave");
        BlockingQueue<Message> got = new LinkedBlockingQueue<>();
        XMPPTCPConnection d = loginCollecting("dave", "davepass12", got);
        alice.sendStanza(ArchiveIT.chat(alice, JidCreate.entityBareFrom("dave@localhost"), "live"));
        Message live = ArchiveIT.next(got);
        assertEquals("live", live.getBody());
        assertEquals(null, DelayInformation.from(live), "delivered at once, no delay");
        d.disconnect();
        XMPPTCPConnection again = loginCollecting("dave", "davepass12", got);
        PingManager.getInstanceFor(again).pingMyServer();
        assertEquals(List.of(), List.copyOf(got), "nothing kept for later");
        again.disconnect();
    }

    /** Logs in with a listener in place before the initial presence, so offline messages are caught. */
    private XMPPTCPConnection loginCollecting(String user, String password, BlockingQueue<Message> into) throws Exception {
        XMPPTCPConnection c = server.connection("desk");
        c.connect();
        // a synchronous listener sees stanzas in the order they came (asynchronous ones may not)
        c.addSyncStanzaListener(s -> into.offer((Message) s), s -> s instanceof Message m && m.getType() != Message.Type.error
                && m.getType() != Message.Type.headline);
        c.login(user, password);
        return c;
    }
}
