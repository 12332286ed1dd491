package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.chatstates.ChatState;
import org.jivesoftware.smackx.chatstates.packet.ChatStateExtension;
import org.jivesoftware.smackx.csi.ClientStateIndicationManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Client state indication (XEP-0352) with Smack against the real server: while a client is inactive,
 * presence updates and chat states for it wait (a ping it sends is answered before them) and arrive,
 * newest first replaced, just before the next message with a body, or when it is active again.
 */
class ClientStateIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of());
        server.registerAll(PASSWORD, "nora", "owen");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anInactiveClientGetsPresenceAndChatStatesWithTheNextMessageOrWhenActive() throws Exception {
        XMPPTCPConnection nora = server.login("nora", PASSWORD, "phone");
        XMPPTCPConnection owen = server.login("owen", PASSWORD, "pc");
        try {
            assertTrue(ClientStateIndicationManager.isSupported(nora), "<csi/> among the stream features");
            List<String> atNora = record(nora);
            Jid noraPhone = JidCreate.from("nora@" + InProcessServer.DOMAIN + "/phone");
            ClientStateIndicationManager.inactive(nora);
            ping(nora, atNora); // the server has taken the indication before owen starts

            owen.sendStanza(owen.getStanzaFactory().buildPresenceStanza().to(noraPhone).setStatus("away").build());
            owen.sendStanza(owen.getStanzaFactory().buildPresenceStanza().to(noraPhone).setStatus("back").build());
            owen.sendStanza(chatState(owen, noraPhone, ChatState.composing));
            PingManager.getInstanceFor(owen).pingMyServer(); // all three have reached nora's session
            ping(nora, atNora);
            assertEquals(List.of(), atNora, "held while inactive");

            owen.sendStanza(owen.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(noraPhone)
                    .setBody("wake up").build());
            InProcessServer.eventually(Duration.ofSeconds(10), () -> snapshot(atNora).contains("message wake up"));
            assertEquals(List.of("presence back", "chat state composing", "message wake up"), snapshot(atNora),
                    "the newest presence and chat state, then the message");

            atNora.clear();
            owen.sendStanza(owen.getStanzaFactory().buildPresenceStanza().to(noraPhone).setStatus("lunch").build());
            PingManager.getInstanceFor(owen).pingMyServer();
            ping(nora, atNora);
            assertEquals(List.of(), atNora);
            ClientStateIndicationManager.active(nora);
            InProcessServer.eventually(Duration.ofSeconds(10), () -> !snapshot(atNora).isEmpty());
            assertEquals(List.of("presence lunch"), snapshot(atNora), "active again: what waited arrives");
        } finally {
            nora.disconnect();
            owen.disconnect();
        }
    }

    /** What reaches the connection from others, in order (a sync listener sees stanzas in arrival order). */
    private static List<String> record(XMPPTCPConnection c) {
        List<String> seen = new ArrayList<>();
        c.addSyncStanzaListener(s -> {
            synchronized (seen) {
                seen.add(describe(s));
            }
        }, s -> s.getFrom() != null && s.getFrom().hasLocalpart() && !(s instanceof IQ) || isPingResult(s));
        return seen;
    }

    private static boolean isPingResult(Stanza s) {
        return s instanceof IQ iq && iq.getType() == IQ.Type.result && iq.getStanzaId() != null
                && iq.getStanzaId().startsWith("csi-ping-");
    }

    /**
     * A ping of the server whose answer is seen by the same ordered listener: anything written to the
     * client before the answer has then been recorded. The answer itself is taken out again.
     */
    private static void ping(XMPPTCPConnection c, List<String> seen) throws Exception {
        Ping ping = new Ping(JidCreate.domainBareFrom(InProcessServer.DOMAIN));
        String id = "csi-ping-" + System.nanoTime();
        ping.setStanzaId(id);
        c.sendIqRequestAndWaitForResponse(ping);
        InProcessServer.eventually(Duration.ofSeconds(10), () -> snapshot(seen).contains("pong " + id));
        synchronized (seen) {
            seen.remove("pong " + id);
        }
    }

    private static List<String> snapshot(List<String> seen) {
        synchronized (seen) {
            return List.copyOf(seen);
        }
    }

    private static String describe(Stanza s) {
        if (s instanceof IQ) {
            return "pong " + s.getStanzaId();
        }
        if (s instanceof Presence p) {
            return "presence " + p.getStatus();
        }
        Message m = (Message) s;
        if (m.getBody() != null) {
            return "message " + m.getBody();
        }
        ExtensionElement state = m.getExtension(ChatStateExtension.NAMESPACE);
        return "chat state " + (state == null ? "?" : state.getElementName());
    }

    private static Message chatState(XMPPTCPConnection from, Jid to, ChatState state) {
        return from.getStanzaFactory().buildMessageStanza().ofType(Message.Type.chat).to(to)
                .addExtension(new ChatStateExtension(state)).build();
    }
}
