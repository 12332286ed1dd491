package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.XMPPConnection;
import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.chat2.ChatManager;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.MessageBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.StreamError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.osgi.framework.Bundle;

/**
 * The server foundation as a user meets it: a real server (the assembled distribution booted
 * in-process) with Derby in a temp dir, and Smack clients or raw sockets over loopback.
 */
class ServerFoundationIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String AUTH_PLUGIN = "org.magpie.plugin.auth";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of("server.limits.auth.timeout.seconds", "5"));
        server.register("alice", "alicepass1", "Alice");
        server.register("bob", "bobpass22", "Bob 鲍勃");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void registeredUsersLogInOverTlsWithScramAndChatBothWays() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "alicepass1", "desk");
        XMPPTCPConnection bob = server.login("bob", "bobpass22", "desk");
        try {
            assertTrue(alice.isSecureConnection(), "STARTTLS negotiated");
            assertTrue(alice.getUsedSaslMechansism().startsWith("SCRAM-"), alice.getUsedSaslMechansism());
            assertEquals("alice@localhost/desk", alice.getUser().toString());

            BlockingQueue<Message> atBob = inbox(bob);
            BlockingQueue<Message> atAlice = inbox(alice);
            ChatManager.getInstanceFor(alice).chatWith(jid("bob@localhost")).send("你好 Bob <&>");
            Message m1 = atBob.poll(10, TimeUnit.SECONDS);
            assertNotNull(m1, "bob got alice's message; alice got " + atAlice.poll());
            assertEquals("你好 Bob <&>", m1.getBody());
            assertEquals("alice@localhost/desk", m1.getFrom().toString(), "from stamped with the full JID");

            ChatManager.getInstanceFor(bob).chatWith(jid("alice@localhost")).send("hi Alice\nsecond line");
            Message m2 = atAlice.poll(10, TimeUnit.SECONDS);
            assertNotNull(m2, "alice got bob's reply");
            assertEquals("hi Alice\nsecond line", m2.getBody());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void scramSha256LoginInsideTls() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.startTls(server.sslContext());
            assertTrue(raw.scramSha256("bob", "bobpass22").contains("success"), raw.transcript());
            // a new stream, a resource made by the server, and the legacy session IQ answered
            raw.send(RawXmppClient.OPEN);
            String features = raw.await("</stream:features>", WAIT);
            assertTrue(features.contains("urn:ietf:params:xml:ns:xmpp-bind"), features);
            raw.send("<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            String bound = raw.await("</iq>", WAIT);
            assertTrue(bound.matches("(?s).*<jid>bob@localhost/magpie-[a-z0-9]+</jid>.*"), bound);
            raw.send("<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
            assertTrue(raw.await("id=\"s1\"", WAIT).contains("type=\"result\""), raw.transcript());
        }
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.startTls(server.sslContext());
            assertTrue(raw.scramSha256("bob", "wrong-pass1").contains("<not-authorized/>"), raw.transcript());
        }
    }

    @Test
    void plainIsNotOfferedBeforeTlsAndNothingButStartTlsIsAccepted() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(RawXmppClient.OPEN);
            String features = raw.await("</stream:features>", WAIT);
            assertTrue(features.contains("<required/>"), features);
            assertFalse(features.contains("PLAIN"), features);
            raw.send("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNlAGFsaWNlcGFzczE=</auth>");
            assertTrue(raw.await("</failure>", WAIT).contains("encryption-required"));
        }
    }

    @Test
    void wrongPasswordIsNotAuthorized() throws Exception {
        XMPPTCPConnection c = server.connection(null);
        c.connect();
        try {
            Exception thrown = assertThrows(Exception.class, () -> c.login("alice", "not-her-password1"));
            assertTrue(thrown.getMessage().contains("not-authorized"), thrown.toString());
        } finally {
            c.disconnect();
        }
    }

    @Test
    void weakPasswordIsRefusedWithTheRuleInEnglishAndChinese() throws Exception {
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> server.register("carol", "short", "Carol"));
        StanzaError error = e.getStanzaError();
        assertEquals(StanzaError.Condition.not_acceptable, error.getCondition());
        assertTrue(error.getDescriptiveText("en").contains("8"), error.toString());
        assertTrue(error.getDescriptiveText("zh").contains("8"), error.toString());
        assertThrows(XMPPException.XMPPErrorException.class, () -> server.register("carol", "longbutnodigits", "Carol"));
    }

    @Test
    void takenUsernameIsAConflict() throws Exception {
        XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                () -> server.register("ALICE", "anotherpass1", "Other Alice"));
        assertEquals(StanzaError.Condition.conflict, e.getStanzaError().getCondition());
        // and the original account is untouched
        server.login("alice", "alicepass1", "check").disconnect();
    }

    @Test
    void secondLoginKicksTheFirstWithConflict() throws Exception {
        server.register("erin", "erinpass11", "Erin");
        XMPPTCPConnection first = server.login("erin", "erinpass11", "office");
        CompletableFuture<Exception> closed = closedOnError(first);
        XMPPTCPConnection second = server.login("erin", "erinpass11", "home");
        try {
            Exception e = closed.get(10, TimeUnit.SECONDS);
            XMPPException.StreamErrorException se = assertInstanceOf(XMPPException.StreamErrorException.class, e);
            assertEquals(StreamError.Condition.conflict, se.getStreamError().getCondition());
            assertTrue(se.getStreamError().getDescriptiveText().contains("another place"), se.toString());
            assertTrue(second.isAuthenticated());
            assertTrue(PingManager.getInstanceFor(second).pingMyServer());
        } finally {
            second.disconnect();
        }
    }

    @Test
    void malformedXmlEndsThatStreamOnlyWithNotWellFormed() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "alicepass1", "watch");
        XMPPTCPConnection bob = server.login("bob", "bobpass22", "watch");
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(RawXmppClient.OPEN);
            raw.await("</stream:features>", WAIT);
            raw.send("<message to='bob@localhost'><body>a</bdy></message><presence/>");
            assertTrue(raw.closedByServer(WAIT), "server closed the broken stream");
            assertTrue(raw.transcript().contains("<not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                    || raw.transcript().contains("<not-well-formed xmlns=\"urn:ietf:params:xml:ns:xmpp-streams\"/>"), raw.transcript());
            assertChatWorks(alice, bob);
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void doctypeIsRefusedAsRestrictedXml() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send("<?xml version='1.0'?><!DOCTYPE lol [<!ENTITY lol 'lol'>]>"
                    + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
            assertTrue(raw.closedByServer(WAIT), "server closed the stream");
            assertTrue(raw.transcript().contains("restricted-xml"), raw.transcript());
        }
    }

    @Test
    void wrongStreamNamespaceAndUnknownDomainEndTheStream() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:server' "
                    + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>");
            assertTrue(raw.closedByServer(WAIT));
            assertTrue(raw.transcript().contains("invalid-namespace"), raw.transcript());
        }
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send("<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
                    + "xmlns:stream='urn:example:not-streams' to='localhost' version='1.0'>");
            assertTrue(raw.closedByServer(WAIT));
            assertTrue(raw.transcript().contains("invalid-namespace"), raw.transcript());
        }
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(RawXmppClient.OPEN.replace("to='localhost'", "to='elsewhere.example'"));
            assertTrue(raw.closedByServer(WAIT));
            assertTrue(raw.transcript().contains("host-unknown"), raw.transcript());
        }
    }

    @Test
    void usersChangeTheirPasswordAndRemoveTheirAccountWhileLoggedIn() throws Exception {
        server.register("ivan", "ivanpass11", "Ivan");
        XMPPTCPConnection ivan = server.login("ivan", "ivanpass11", "pc");
        XMPPException.XMPPErrorException weak = assertThrows(XMPPException.XMPPErrorException.class,
                () -> AccountManager.getInstance(ivan).changePassword("weak"));
        assertEquals(StanzaError.Condition.not_acceptable, weak.getStanzaError().getCondition());
        PasswordChange.submit(ivan, "ivanpass11", "ivannew222");
        ivan.disconnect();
        assertThrows(Exception.class, () -> server.login("ivan", "ivanpass11", "pc"));
        XMPPTCPConnection again = server.login("ivan", "ivannew222", "pc");
        CompletableFuture<Exception> closed = closedOnError(again);
        AccountManager.getInstance(again).deleteAccount();
        assertNotNull(closed.get(10, TimeUnit.SECONDS), "the removed account's session ended");
        assertThrows(Exception.class, () -> server.login("ivan", "ivannew222", "pc"));
        // the name is free again
        server.register("ivan", "ivanpass33", "Ivan II");
        server.login("ivan", "ivanpass33", "pc").disconnect();
    }

    @Test
    void oversizedStanzaIsAPolicyViolationAndOthersGoOn() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "alicepass1", "big");
        XMPPTCPConnection bob = server.login("bob", "bobpass22", "big");
        XMPPTCPConnection sender = server.login("alice", "alicepass1", "big2");
        // alice/big2 kicked alice/big (one place per account); use bob and a fresh alice below
        CompletableFuture<Exception> closed = closedOnError(sender);
        try {
            String huge = "x".repeat(300 * 1024);
            sender.sendStanza(MessageBuilder.buildMessage().to(jid("bob@localhost")).ofType(Message.Type.chat).setBody(huge).build());
            Exception e = closed.get(10, TimeUnit.SECONDS);
            XMPPException.StreamErrorException se = assertInstanceOf(XMPPException.StreamErrorException.class, e);
            assertEquals(StreamError.Condition.policy_violation, se.getStreamError().getCondition());
            XMPPTCPConnection again = server.login("alice", "alicepass1", "again");
            try {
                assertChatWorks(again, bob);
            } finally {
                again.disconnect();
            }
        } finally {
            alice.disconnect();
            bob.disconnect();
            sender.disconnect();
        }
    }

    @Test
    void forgedFromIsRejected() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "alicepass1", "forge");
        CompletableFuture<Exception> closed = closedOnError(alice);
        alice.setFromMode(XMPPConnection.FromMode.UNCHANGED); // Smack would otherwise drop our forged from
        XMPPTCPConnection bob = server.login("bob", "bobpass22", "forge");
        BlockingQueue<Message> atBob = inbox(bob);
        try {
            alice.sendStanza(MessageBuilder.buildMessage().from(JidCreate.from("bob@localhost/forge")).to(jid("bob@localhost"))
                    .ofType(Message.Type.chat).setBody("I am bob").build());
            Exception e = closed.get(10, TimeUnit.SECONDS);
            assertEquals(StreamError.Condition.invalid_from,
                    assertInstanceOf(XMPPException.StreamErrorException.class, e).getStreamError().getCondition());
            assertEquals(null, atBob.poll(500, TimeUnit.MILLISECONDS), "the forged message was not delivered");
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    @Test
    void unknownIqNamespaceIsServiceUnavailableAndPingAndDiscoWork() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "alicepass1", "iq");
        try {
            assertTrue(PingManager.getInstanceFor(alice).pingMyServer());
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(alice).discoverInfo(JidCreate.domainBareFrom("localhost"));
            assertTrue(info.containsFeature("urn:xmpp:ping"));
            assertTrue(info.containsFeature("jabber:iq:register"));
            assertTrue(info.hasIdentity("server", "im"));

            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> alice.createStanzaCollectorAndSend(new UnknownIq()).nextResultOrThrow());
            assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void messageToUnknownAccountBouncesServiceUnavailable() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "alicepass1", "bounce");
        BlockingQueue<Message> atAlice = inbox(alice);
        try {
            alice.sendStanza(MessageBuilder.buildMessage().to(jid("nobody@localhost")).ofType(Message.Type.chat)
                    .setBody("hello?").build());
            Message error = atAlice.poll(10, TimeUnit.SECONDS);
            assertNotNull(error);
            assertEquals(Message.Type.error, error.getType());
            assertEquals(StanzaError.Condition.service_unavailable, error.getError().getCondition());
        } finally {
            alice.disconnect();
        }
    }

    @Test
    void connectionThatNeverAuthenticatesTimesOut() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.send(RawXmppClient.OPEN);
            raw.await("</stream:features>", WAIT);
            assertTrue(raw.closedByServer(Duration.ofSeconds(15)));
            assertTrue(raw.transcript().contains("connection-timeout"), raw.transcript());
        }
    }

    /** Logged in but never bound: no keep-alive pings yet, so the login timeout must still apply. */
    @Test
    void connectionThatAuthenticatesButNeverBindsTimesOut() throws Exception {
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.startTls(server.sslContext());
            assertTrue(raw.scramSha256("alice", "alicepass1").contains("success"), raw.transcript());
            raw.send(RawXmppClient.OPEN);
            raw.await("</stream:features>", WAIT);
            assertTrue(raw.closedByServer(Duration.ofSeconds(15)), "still open: " + raw.transcript());
            assertTrue(raw.transcript().contains("connection-timeout"), raw.transcript());
            assertTrue(raw.transcript().contains("No resource bound within"), raw.transcript());
        }
    }

    @Test
    void stoppingTheAuthPluginTakesRegistrationAwayButSessionsGoOn() throws Exception {
        XMPPTCPConnection alice = server.login("alice", "alicepass1", "plugin");
        XMPPTCPConnection bob = server.login("bob", "bobpass22", "plugin");
        Bundle auth = server.bundle(AUTH_PLUGIN);
        try {
            auth.stop();
            XMPPException.XMPPErrorException e = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> server.register("frank", "frankpass1", "Frank"));
            assertEquals(StanzaError.Condition.service_unavailable, e.getStanzaError().getCondition());
            assertTrue(alice.isAuthenticated() && bob.isAuthenticated());
            assertChatWorks(alice, bob);
            // logging in does not need the plugin
            server.login("bob", "bobpass22", "plugin2").disconnect();
        } finally {
            auth.start();
        }
        try {
            server.register("frank", "frankpass1", "Frank");
            server.login("frank", "frankpass1", null).disconnect();
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertChatWorks(XMPPTCPConnection from, XMPPTCPConnection to) throws Exception {
        BlockingQueue<Message> inbox = inbox(to);
        String text = "still here " + System.nanoTime();
        ChatManager.getInstanceFor(from).chatWith(to.getUser().asEntityBareJid()).send(text);
        Message m = inbox.poll(10, TimeUnit.SECONDS);
        assertNotNull(m, "message delivered");
        assertEquals(text, m.getBody());
    }

    /** Completes with the exception when the server ends the connection with an error. */
    private static CompletableFuture<Exception> closedOnError(XMPPConnection c) {
        CompletableFuture<Exception> closed = new CompletableFuture<>();
        c.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                closed.complete(e);
            }
        });
        return closed;
    }

    private static BlockingQueue<Message> inbox(XMPPConnection c) {
        BlockingQueue<Message> q = new ArrayBlockingQueue<>(100);
        c.addAsyncStanzaListener(s -> q.offer((Message) s), s -> s instanceof Message);
        return q;
    }

    private static EntityBareJid jid(String s) throws Exception {
        return JidCreate.entityBareFrom(s);
    }

    /** An IQ in a namespace no handler serves. */
    private static final class UnknownIq extends org.jivesoftware.smack.packet.IQ {
        UnknownIq() {
            super("query", "urn:example:nothing");
            setType(Type.get);
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }
}
