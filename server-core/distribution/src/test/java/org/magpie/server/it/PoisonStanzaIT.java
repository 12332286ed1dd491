package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;


import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaExtensionFilter;
import java.io.IOException;

import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * One chat message must not knock anybody off. A message carrying an element with a prefixed
 * attribute ({@code <x xmlns='urn:y' xmlns:q='urn:z' q:b='c'/>}) used to be forwarded without the
 * {@code xmlns:q} declaration: the recipient's parser failed and its connection dropped, in a group
 * every occupant at once, and the stored copy broke history pages and the group's join history.
 * Here Smack (a strict, namespace-aware parser) receives it live, in a group, from the archive and
 * in the history a late joiner gets, stays connected, and sees the attribute in its namespace.
 */
class PoisonStanzaIT {

    private static final String PASSWORD = "secret123";
    private static final String POISON = "<x xmlns='urn:y' xmlns:q='urn:z' q:b='c'>"
            + "<p:inner xmlns:p='urn:p' xmlns:r='urn:r' r:k='&lt;&amp;&quot;' plain='1'>中文 😀</p:inner></x>";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
        ProviderManager.addExtensionProvider("x", "urn:y", new SeenProvider());
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
    void aPrefixedAttributeReachesAPrivateChatAndTheArchiveIntact() throws Exception {
        XMPPTCPConnection ann = server.login("ann", PASSWORD, "desk");
        XMPPTCPConnection bo = server.login("bo", PASSWORD, "desk");
        try (StanzaCollector got = bo.createStanzaCollector(MessageTypeFilter.CHAT)) {
            Message poison = ann.getStanzaFactory().buildMessageStanza().to(bo.getUser().asBareJid())
                    .ofType(Message.Type.chat).setBody("poison").addExtension(new RawExtension(POISON)).build();
            ann.sendStanza(poison);
            ann.sendStanza(ann.getStanzaFactory().buildMessageStanza().to(bo.getUser().asBareJid())
                    .ofType(Message.Type.chat).setBody("after").build());
            Message first = got.nextResult(10_000);
            assertNotNull(first, "bo got the message and is still connected: " + bo.isConnected());
            assertIntact(first);
            Message second = got.nextResult(10_000);
            assertNotNull(second, "the next message arrives too: the connection survived");
            assertEquals("after", second.getBody());
            assertTrue(bo.isConnected());

            MamQuery history = MamManager.getInstanceFor(bo).queryArchive(MamQueryArgs.builder()
                    .limitResultsToJid(ann.getUser().asBareJid()).build());
            List<Message> pages = history.getMessages();
            assertEquals(List.of("poison", "after"), pages.stream().map(Message::getBody).toList(), "the archive page");
            assertIntact(pages.get(0));
            assertTrue(bo.isConnected(), "still connected after reading the archive");
        } finally {
            ann.disconnect();
            bo.disconnect();
        }
    }

    @Test
    void aPrefixedAttributeInAGroupKnocksNobodyOffAndReplaysIntact() throws Exception {
        EntityBareJid room = JidCreate.entityBareFrom("61001@rooms." + InProcessServer.DOMAIN);
        XMPPTCPConnection ann = server.login("ann", PASSWORD, "group");
        XMPPTCPConnection bo = server.login("bo", PASSWORD, "group");
        XMPPTCPConnection cy = server.login("cy", PASSWORD, "group");
        try {
            MultiUserChat annMuc = MultiUserChatManager.getInstanceFor(ann).getMultiUserChat(room);
            annMuc.create(Resourcepart.from("Ann")).makeInstant();
            MultiUserChat boMuc = MultiUserChatManager.getInstanceFor(bo).getMultiUserChat(room);
            boMuc.join(Resourcepart.from("Bo"));
            AndFilter poisonInGroup = new AndFilter(MessageTypeFilter.GROUPCHAT, new StanzaExtensionFilter("x", "urn:y"));
            try (StanzaCollector got = bo.createStanzaCollector(poisonInGroup);
                    StanzaCollector own = ann.createStanzaCollector(poisonInGroup)) {
                annMuc.sendMessage(annMuc.buildMessage().setBody("poison").addExtension(new RawExtension(POISON)));
                Message m = got.nextResult(10_000);
                assertNotNull(m, "bo got it and is still connected: " + bo.isConnected());
                assertIntact(m);
                assertNotNull(own.nextResult(10_000), "the sender's own copy too: " + ann.isConnected());
            }
            annMuc.sendMessage("after");
            assertTrue(ann.isConnected() && bo.isConnected(), "nobody in the group was knocked off");

            try (StanzaCollector replay = cy.createStanzaCollector(poisonInGroup)) {
                MultiUserChatManager.getInstanceFor(cy).getMultiUserChat(room).join(Resourcepart.from("Cy"));
                Message old = replay.nextResult(10_000);
                assertNotNull(old, "the join history replays it; cy still connected: " + cy.isConnected());
                assertIntact(old);
            }
            assertTrue(cy.isConnected(), "the late joiner stays connected");
        } finally {
            ann.disconnect();
            bo.disconnect();
            cy.disconnect();
        }
    }

    /** What Smack's parser saw of the element: each attribute with its namespace, and the text. */
    static final class SeenProvider extends ExtensionElementProvider<StandardExtensionElement> {
        @Override
        public StandardExtensionElement parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
                throws XmlPullParserException, IOException {
            StringBuilder seen = new StringBuilder();
            attributes(parser, seen);
            while (true) {
                XmlPullParser.Event event = parser.next();
                if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == initialDepth) {
                    break;
                }
                if (event == XmlPullParser.Event.START_ELEMENT) {
                    seen.append("<{").append(parser.getNamespace()).append('}').append(parser.getName());
                    attributes(parser, seen);
                } else if (event == XmlPullParser.Event.TEXT_CHARACTERS) {
                    seen.append(parser.getText());
                }
            }
            return StandardExtensionElement.builder("x", "urn:y").addAttribute("seen", seen.toString()).build();
        }

        private static void attributes(XmlPullParser parser, StringBuilder seen) {
            for (int i = 0; i < parser.getAttributeCount(); i++) {
                seen.append(" {").append(parser.getAttributeNamespace(i)).append('}')
                        .append(parser.getAttributeName(i)).append('=').append(parser.getAttributeValue(i));
            }
            seen.append(';');
        }
    }

    private static void assertIntact(Message m) {
        StandardExtensionElement x = (StandardExtensionElement) m.getExtensionElement("x", "urn:y");
        assertNotNull(x, "the element is there: " + m.toXML());
        assertEquals(" {urn:z}b=c;<{urn:p}inner {urn:r}k=<&\" {}plain=1;中文 😀", x.getAttributeValue("seen"));
    }
}
