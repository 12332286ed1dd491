package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;


import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attacks on the stream before login, by a client or a man in the middle, against the packaged
 * server on loopback.
 */
class HostileClientIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of());
        server.register("victim", PASSWORD, "Victim");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    /**
     * RFC 6120 5.4.3.3: nothing sent in the clear after {@code <starttls/>} may count once the
     * stream is encrypted. A man in the middle appends, in clear text, a stream header, a PLAIN
     * login (allowed only inside TLS), a resource binding and a message in the victim's name; the
     * client then does its handshake. Nobody may be logged in by it: the watcher never gets the
     * message, and when the handshake succeeds the encrypted stream starts unauthenticated. (A
     * handshake broken by the injected bytes is a safe outcome.)
     */
    @ParameterizedTest(name = "injected in one segment: {0}")
    @ValueSource(booleans = {true, false})
    void plainTextAfterStarttlsIsDiscarded(boolean oneSegment) throws Exception {
        server.register("watcher" + oneSegment, PASSWORD, "Watcher");
        XMPPTCPConnection watcher = server.login("watcher" + oneSegment, PASSWORD, "desk");
        XMPPTCPConnection victim = server.login("victim", PASSWORD, "desk");
        try (StanzaCollector got = watcher.createStanzaCollector(MessageTypeFilter.CHAT)) {
            String plain = Base64.getEncoder().encodeToString(("\0victim\0" + PASSWORD).getBytes(StandardCharsets.UTF_8));
            // white space first: the server reads a large segment in several chunks, and those after the
            // first used to be queued for the session before it stopped reading for the handshake
            String injected = " ".repeat(6000) + RawXmppClient.OPEN.substring(RawXmppClient.OPEN.indexOf("?>") + 2) + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                    + plain + "</auth>" + RawXmppClient.OPEN.substring(RawXmppClient.OPEN.indexOf("?>") + 2)
                    + "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>mitm</resource></bind></iq>"
                    + "<message type='chat' to='" + watcher.getUser().asBareJid() + "'><body>injected</body></message>";
            int handshakes = 0;
            for (int attempt = 0; attempt < 20; attempt++) { // the race the attack needs is won now and then
                try (RawXmppClient raw = new RawXmppClient(server.port())) {
                    raw.startTlsInjecting(server.sslContext(), injected, oneSegment);
                    String features = raw.await("</stream:features>", Duration.ofSeconds(10));
                    handshakes++;
                    assertFalse(raw.transcript().contains("<success"), "logged in by clear text: " + raw.transcript());
                    assertTrue(features.contains("<mechanisms"), "the encrypted stream must start unauthenticated: " + features);
                } catch (IOException broken) {
                    // the injected bytes reached the TLS layer as garbage: the connection ends, nothing counted
                }
            }
            victim.sendStanza(victim.getStanzaFactory().buildMessageStanza().to(watcher.getUser().asBareJid())
                    .ofType(Message.Type.chat).setBody("done").build());
            for (Message m; (m = got.nextResult(10_000)) != null && !"done".equals(m.getBody());) {
                fail("a message was sent in the victim's name by injected clear text: " + m.toXML());
            }
            System.out.println("STARTTLS injection (one segment " + oneSegment + "): " + handshakes + " of 20 handshakes completed");
        } finally {
            watcher.disconnect();
            victim.disconnect();
        }
    }
}
