package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.xml.Element;

/** A whole client session driven by the bytes a client sends: the state machine, without a network. */
class ClientSessionTest {

    private static final String OPEN = "<?xml version='1.0'?><stream:stream to='example.com' version='1.0' "
            + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final SessionRegistry registry = new SessionRegistry();
    private final List<String> events = new ArrayList<>();
    private final List<Element> routed = new ArrayList<>();
    private final StanzaPipeline pipeline = new NoPipeline() {
        @Override
        public CompletionStage<Void> fromBoundSession(LocalSession session, Element element) {
            routed.add(element);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void sessionBound(LocalSession session) {
            events.add("bound " + session.fullJid());
        }

        @Override
        public void sessionClosed(LocalSession session) {
            events.add("closed " + session.fullJid());
        }
    };

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void theServerAnswersTheHeaderWithItsOwnAndTheFeatures() {
        TestConnection connection = new TestConnection();
        ClientSession session = session(connection, true);

        send(session, OPEN);

        String written = connection.take();
        assertTrue(written.startsWith("<?xml version='1.0'?><stream:stream xmlns='jabber:client'"), written);
        assertTrue(written.contains("id='" + session.id() + "' from='example.com'"), written);
        assertTrue(written.contains("<stream:features><starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/><mechanisms"), written);
        assertEquals(SessionState.CONNECTED, session.state());
    }

    @Test
    void aStanzaBeforeLoginEndsTheStream() {
        TestConnection connection = new TestConnection();
        ClientSession session = session(connection, false);
        send(session, OPEN);
        connection.take();

        send(session, "<message to='bob@example.com'><body>hi</body></message>");

        assertTrue(connection.take().contains("<not-authorized xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"));
        assertTrue(connection.closed);
    }

    @Test
    void startTlsProceedsAndTheClientOpensANewStream() {
        TestConnection connection = new TestConnection();
        ClientSession session = session(connection, true);
        send(session, OPEN);
        connection.take();

        send(session, "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        assertEquals("<proceed xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"/>", connection.take());
        assertTrue(session.isSecure());

        send(session, OPEN);
        String written = connection.take();
        assertTrue(written.startsWith("<?xml"), "a new header for the new stream: " + written);
        assertFalse(written.contains("starttls"), written);
        assertTrue(written.contains("<mechanism>PLAIN</mechanism>"), written);
    }

    @Test
    void loginAndBindRegisterTheSessionAndRouteItsStanzas() throws Exception {
        TestConnection connection = new TestConnection(new InetSocketAddress("192.0.2.1", 40000));
        ClientSession session = session(connection, false);

        bind(session, connection, "desk");

        assertEquals(SessionState.BOUND, session.state());
        assertEquals("alice@example.com/desk", session.fullJid().toString());
        assertSame(session, registry.find(JidCreate.entityFullFrom("alice@example.com/desk")));
        assertEquals(List.of("bound alice@example.com/desk"), events);

        send(session, "<message to='bob@example.com'><body>hi</body></message>");
        assertEquals(1, routed.size());

        session.disconnected();
        assertNull(registry.find(session.fullJid()));
        assertEquals(List.of("bound alice@example.com/desk", "closed alice@example.com/desk"), events);
    }

    @Test
    void aSecondLoginWithTheSameResourceEndsTheFirst() {
        TestConnection first = new TestConnection(new InetSocketAddress("192.0.2.1", 40000));
        TestConnection second = new TestConnection(new InetSocketAddress("192.0.2.2", 40000));
        ClientSession old = session(first, false);
        ClientSession replacement = session(second, false);
        bind(old, first, "desk");

        bind(replacement, second, "desk");

        assertTrue(first.take().contains("<conflict xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"));
        assertTrue(first.closed);
        assertSame(replacement, registry.find(replacement.fullJid()));
    }

    private ClientSession session(TestConnection connection, boolean tlsAvailable) {
        return new ClientSession(connection, new SessionContext(TestLogins.settings(false, true), TestLogins.authenticator(),
                registry, pipeline, tlsAvailable, timer, DeliverySettings.OFF, StreamManagementSettings.OFF,
                new ResumableSessions(), 0));
    }

    /** Logs in as alice with PLAIN (allowed without TLS here) and binds the resource. */
    private void bind(ClientSession session, TestConnection connection, String resource) {
        send(session, OPEN);
        String plain = Base64.getEncoder().encodeToString("\0alice\0pencil".getBytes(StandardCharsets.UTF_8));
        send(session, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        assertEquals(SessionState.AUTHENTICATED, session.state());
        send(session, OPEN);
        assertTrue(connection.take().contains("<bind xmlns=\"urn:ietf:params:xml:ns:xmpp-bind\"/>"));
        send(session, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>" + resource
                + "</resource></bind></iq>");
        assertTrue(connection.take().contains("<jid>alice@example.com/" + resource + "</jid>"));
    }

    private static void send(ClientSession session, String xml) {
        session.received(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
