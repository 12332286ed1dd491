package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

/** Stream management (XEP-0198) of a whole client session, driven by the bytes a client sends, without a network. */
class StreamManagementSessionTest {

    private static final String OPEN = "<?xml version='1.0'?><stream:stream to='example.com' version='1.0' "
            + "xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";
    private static final String SM = "urn:xmpp:sm:3";

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final SessionRegistry registry = new SessionRegistry();
    private final ResumableSessions resumables = new ResumableSessions();
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<Stanza> undelivered = new CopyOnWriteArrayList<>();
    private final StanzaPipeline pipeline = new NoPipeline() {
        @Override
        public CompletionStage<Void> fromBoundSession(LocalSession session, Element element) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void sessionClosed(LocalSession session) {
            events.add("closed " + session.fullJid());
        }

        @Override
        public void undelivered(LocalSession session, List<Stanza> messages) {
            undelivered.addAll(messages);
        }
    };

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    @Test
    void theFeatureIsOfferedAfterLoginAndAcknowledgementsCountTheClientsStanzas() {
        TestConnection c = new TestConnection();
        ClientSession s = session(c, Duration.ofMinutes(5));
        assertTrue(authenticated(s, c).contains("<sm xmlns=\"urn:xmpp:sm:3\"/>"));
        bind(s, c);

        send(s, "<enable xmlns='urn:xmpp:sm:3'/>");
        String enabled = c.take();
        assertTrue(enabled.startsWith("<enabled xmlns=\"urn:xmpp:sm:3\""), enabled);
        assertFalse(enabled.contains("resume"), "no resumption unless asked: " + enabled);
        send(s, "<r xmlns='urn:xmpp:sm:3'/>");
        assertEquals("<a xmlns=\"urn:xmpp:sm:3\" h=\"0\"/>", c.take());

        send(s, "<message to='bob@example.com'><body>one</body></message><presence/>");
        send(s, "<r xmlns='urn:xmpp:sm:3'/>");
        assertEquals("<a xmlns=\"urn:xmpp:sm:3\" h=\"2\"/>", c.take());
    }

    @Test
    void aSessionWhoseConnectionDropsIsResumedOnANewOneWithWhatTheClientDidNotAcknowledge() {
        TestConnection first = new TestConnection();
        ClientSession s = session(first, Duration.ofMinutes(5));
        String id = enableResumption(s, first);
        s.send(message("one"));
        s.send(message("two"));
        send(s, "<a xmlns='urn:xmpp:sm:3' h='1'/>");
        first.take();

        s.disconnected(); // the network went away: no closing tag
        assertSame(s, registry.find(s.fullJid()), "still online while it may come back");
        assertEquals(List.of(), events);
        s.send(message("three")); // kept for the client

        TestConnection second = new TestConnection();
        ClientSession next = session(second, Duration.ofMinutes(5));
        authenticated(next, second);
        send(next, "<resume xmlns='urn:xmpp:sm:3' previd='" + id + "' h='1'/>");

        String written = second.take();
        assertTrue(written.startsWith("<resumed xmlns=\"urn:xmpp:sm:3\" previd=\"" + id + "\" h=\"0\"/>"), written);
        assertTrue(written.indexOf(">two<") < written.indexOf(">three<") && !written.contains(">one<"), written);
        assertSame(s, registry.find(s.fullJid()));
        send(next, "<r xmlns='urn:xmpp:sm:3'/>");
        assertEquals("<a xmlns=\"urn:xmpp:sm:3\" h=\"0\"/>", second.take());
        s.send(message("four"));
        assertTrue(second.take().contains(">four<"), "the session now writes to the new connection");
    }

    @Test
    void aSessionNotResumedInTimeEndsAndWhatWasNotAcknowledgedBecomesOfflineMessages() throws Exception {
        TestConnection c = new TestConnection();
        ClientSession s = session(c, Duration.ofMillis(100));
        enableResumption(s, c);
        s.send(message("unseen"));

        s.disconnected();
        for (int i = 0; i < 100 && events.isEmpty(); i++) {
            Thread.sleep(20); // the resumption time passing is the scenario
        }

        assertEquals(List.of("closed alice@example.com/phone"), events);
        assertEquals(1, undelivered.size());
        assertTrue(undelivered.get(0).element().toXml().contains("unseen"));
        assertEquals(0, resumables.size(), "its id is no longer good");
    }

    @Test
    void aClientThatClosesItsStreamIsNotWaitedFor() {
        TestConnection c = new TestConnection();
        ClientSession s = session(c, Duration.ofMinutes(5));
        enableResumption(s, c);

        send(s, "</stream:stream>");
        s.disconnected();

        assertEquals(List.of("closed alice@example.com/phone"), events);
        assertEquals(0, resumables.size());
    }

    @Test
    void anUnknownIdIsRefusedAndTheClientMayBindInstead() {
        TestConnection c = new TestConnection();
        ClientSession s = session(c, Duration.ofMinutes(5));
        authenticated(s, c);

        send(s, "<resume xmlns='urn:xmpp:sm:3' previd='guessed' h='0'/>");

        assertTrue(c.take().contains("<failed xmlns=\"urn:xmpp:sm:3\"><item-not-found"));
        assertEquals(SessionState.AUTHENTICATED, s.state());
        bind(s, c);
    }

    @Test
    void acknowledgingMoreThanWasSentEndsTheStream() {
        TestConnection c = new TestConnection();
        ClientSession s = session(c, Duration.ofMinutes(5));
        enableResumption(s, c);
        s.send(message("one"));
        c.take();

        send(s, "<a xmlns='urn:xmpp:sm:3' h='5'/>");

        String written = c.take();
        assertTrue(written.contains("<undefined-condition xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"), written);
        assertTrue(written.contains("handled-count-too-high"), written);
        assertTrue(c.closed);
    }

    @Test
    void aClientThatNeverAcknowledgesIsCutOffPastTheBound() {
        TestConnection c = new TestConnection();
        ClientSession s = new ClientSession(c, context(new StreamManagementSettings(true, Duration.ofMinutes(5),
                Duration.ofMinutes(1), 3)));
        enableResumption(s, c);
        for (int i = 0; i < 4; i++) {
            s.send(message("m" + i));
        }
        assertTrue(c.take().contains("<resource-constraint"));
        assertTrue(c.closed);
    }

    private ClientSession session(TestConnection connection, Duration resume) {
        return new ClientSession(connection, context(new StreamManagementSettings(true, resume, Duration.ofMinutes(1), 100)));
    }

    private SessionContext context(StreamManagementSettings sm) {
        return new SessionContext(TestLogins.settings(false, true), TestLogins.authenticator(), registry, pipeline, false,
                timer, DeliverySettings.OFF, sm, resumables, 0);
    }

    /** Logs in, binds alice/phone, enables resumption; returns the id. */
    private String enableResumption(ClientSession s, TestConnection c) {
        send(s, OPEN);
        logIn(s);
        send(s, OPEN);
        bind(s, c);
        send(s, "<enable xmlns='urn:xmpp:sm:3' resume='true'/>");
        String enabled = c.take();
        Matcher m = Pattern.compile("id=\"([^\"]+)\"").matcher(enabled);
        assertTrue(m.find() && enabled.contains("resume=\"true\" max=\"") && enabled.contains(SM), enabled);
        return m.group(1);
    }

    /** Alice logs in and opens the new stream; returns what the server wrote for it (its features). */
    private static String authenticated(ClientSession s, TestConnection c) {
        send(s, OPEN);
        c.take();
        logIn(s);
        send(s, OPEN);
        return c.take();
    }

    private static void logIn(ClientSession s) {
        String plain = Base64.getEncoder().encodeToString("\0alice\0pencil".getBytes(StandardCharsets.UTF_8));
        send(s, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + plain + "</auth>");
        assertEquals(SessionState.AUTHENTICATED, s.state());
    }

    private static void bind(ClientSession s, TestConnection c) {
        c.take();
        send(s, "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>phone</resource></bind></iq>");
        assertTrue(c.take().contains("<jid>alice@example.com/phone</jid>"));
    }

    private static Stanza message(String body) {
        List<org.magpie.server.api.xml.Node> children = new ArrayList<>();
        children.add(Element.builder("body", "jabber:client").text(body).build());
        return Stanza.create(Stanza.Kind.MESSAGE, JidCreate.fromOrThrowUnchecked("bob@example.com/desk"),
                JidCreate.fromOrThrowUnchecked("alice@example.com/phone"), "chat", Stanza.newId(), children);
    }

    private static void send(ClientSession s, String xml) {
        s.received(ByteBuffer.wrap(xml.getBytes(StandardCharsets.UTF_8)));
    }
}
