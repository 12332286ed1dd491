package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;


import org.jivesoftware.smack.ConnectionListener;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaExtensionFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stanzas the stream parser's fuzz target found (docs/FUZZING.md): the parser accepted them, and forwarding them
 * knocked the recipient off, because its parser (Smack's, on the JDK's StAX parser) refused what the server
 * wrote. Now the server refuses the sender's stream instead, or forwards the stanza intact; either way the
 * recipient stays connected and gets the next message.
 */
class FuzzFindingsIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        ProviderManager.addExtensionProvider("x", "urn:y", new PoisonStanzaIT.SeenProvider());
        server = InProcessServer.start(tmp, Map.of());
        server.registerAll(PASSWORD, "ann", "bo", "cy");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void anElementInTheXmlNamespaceIsRefused() throws Exception {
        // was forwarded as <x xmlns='http://www.w3.org/XML/1998/namespace'/>, which no parser accepts
        assertRefusedAndBoStaysConnected("<x xmlns='urn:y'><xml:x/></x>");
    }

    @Test
    void aPrefixedNameThatIsNoXmlNameIsRefused() throws Exception {
        assertRefusedAndBoStaysConnected("<x xmlns='urn:y' xmlns:q='urn:z' q:0='1'/>");
    }

    @Test
    void aNamespaceLongerThanTheRecipientsParserReadsIsRefused() throws Exception {
        // the JDK's parsers refuse names and namespaces of more than 1,000 characters
        assertRefusedAndBoStaysConnected("<x xmlns='urn:y'><z xmlns='urn:" + "n".repeat(1_100) + "'/></x>");
    }

    @Test
    void aNamespaceWithACurlyBracketIsForwardedIntact() throws Exception {
        // the rest of the namespace after '}', quotes included, used to become the attribute's name on the wire
        XMPPTCPConnection ann = server.login("ann", PASSWORD, "curly");
        XMPPTCPConnection bo = server.login("bo", PASSWORD, "curly");
        try (StanzaCollector got = bo.createStanzaCollector(
                new AndFilter(MessageTypeFilter.CHAT, new StanzaExtensionFilter("x", "urn:y")))) {
            ann.sendStanza(poison(ann, bo, "<x xmlns='urn:y' xmlns:q='urn:x}b=&quot;1&quot; c' q:a='v'/>"));
            Message m = got.nextResult(10_000);
            assertNotNull(m, "bo got it and is still connected: " + bo.isConnected());
            StandardExtensionElement x = (StandardExtensionElement) m.getExtensionElement("x", "urn:y");
            assertEquals(" {urn:x}b=\"1\" c}a=v;", x.getAttributeValue("seen"));
            assertTrue(bo.isConnected());
        } finally {
            ann.disconnect();
            bo.disconnect();
        }
    }

    /** Ann sends the poison to Bo and loses her stream; Bo gets nothing of it, and Cy's next message. */
    private static void assertRefusedAndBoStaysConnected(String xml) throws Exception {
        XMPPTCPConnection ann = server.login("ann", PASSWORD, "poison");
        XMPPTCPConnection bo = server.login("bo", PASSWORD, "poison");
        XMPPTCPConnection cy = server.login("cy", PASSWORD, "poison");
        CountDownLatch annClosed = new CountDownLatch(1);
        ann.addConnectionListener(new ConnectionListener() {
            @Override
            public void connectionClosedOnError(Exception e) {
                annClosed.countDown();
            }
        });
        try (StanzaCollector got = bo.createStanzaCollector(MessageTypeFilter.CHAT)) {
            ann.sendStanza(poison(ann, bo, xml));
            cy.sendStanza(cy.getStanzaFactory().buildMessageStanza().to(bo.getUser().asBareJid())
                    .ofType(Message.Type.chat).setBody("after").build());
            Message next = got.nextResult(10_000);
            assertNotNull(next, "bo still gets messages: connected " + bo.isConnected());
            assertEquals("after", next.getBody(), "the poison was not forwarded");
            assertTrue(bo.isConnected());
            assertTrue(annClosed.await(10, TimeUnit.SECONDS), "the sender's stream was closed with a stream error");
            assertNull(got.pollResult(), "nothing else reached bo");
        } finally {
            ann.disconnect();
            bo.disconnect();
            cy.disconnect();
        }
    }

    private static Message poison(XMPPTCPConnection from, XMPPTCPConnection to, String xml) {
        return from.getStanzaFactory().buildMessageStanza().to(to.getUser().asBareJid()).ofType(Message.Type.chat)
                .setBody("poison").addExtension(new RawExtension(xml)).build();
    }
}
