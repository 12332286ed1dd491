package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.mam.MamManager;
import org.jivesoftware.smackx.mam.MamManager.MamQuery;
import org.jivesoftware.smackx.mam.MamManager.MamQueryArgs;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.sid.element.StanzaIdElement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Group history in the message archive: every group message is stored before it is sent and carries
 * the group's stanza-id, members page through it with XEP-0313 and others are refused, and entering
 * the group after a server restart replays what was said.
 */
class RoomArchiveIT {

    private static final String PASSWORD = "secret123";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        ProviderManager.addExtensionProvider("event", "urn:magpie:rooms:0", new RoomsIT.FlatProvider());
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
    void groupMessagesAreArchivedReadByMembersOnlyAndReplayedAfterARestart() throws Exception {
        EntityBareJid room = JidCreate.entityBareFrom("60001@rooms." + InProcessServer.DOMAIN);
        XMPPTCPConnection ann = server.login("ann", PASSWORD, "desk");
        XMPPTCPConnection bo = server.login("bo", PASSWORD, "desk");
        XMPPTCPConnection cy = server.login("cy", PASSWORD, "desk");
        try {
            MultiUserChat annMuc = MultiUserChatManager.getInstanceFor(ann).getMultiUserChat(room);
            annMuc.create(Resourcepart.from("Ann")).makeInstant();
            MultiUserChat boMuc = MultiUserChatManager.getInstanceFor(bo).getMultiUserChat(room);
            boMuc.join(Resourcepart.from("Bo"));
            try (StanzaCollector got = bo.createStanzaCollector(MessageTypeFilter.GROUPCHAT)) {
                for (int i = 0; i < 5; i++) {
                    annMuc.sendMessage("m" + i);
                }
                List<String> seen = new ArrayList<>();
                while (seen.size() < 5) {
                    Message m = got.nextResult(10_000);
                    assertNotNull(m, "bo got all five, so far " + seen);
                    if (m.getBody() != null && m.getBody().startsWith("m")) {
                        seen.add(m.getBody());
                        StanzaIdElement sid = m.getExtension(StanzaIdElement.class);
                        assertNotNull(sid, "stanza-id on " + m.toXML());
                        assertEquals(room.toString(), sid.getBy());
                    }
                }
                assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), seen);
            }

            MamQuery history = MamManager.getInstanceFor(boMuc).queryArchive(MamQueryArgs.builder().setResultPageSizeTo(3)
                    .queryLastPage().build());
            assertEquals(List.of("m2", "m3", "m4"), bodies(history.getMessages()), "the last page");
            List<Message> older = history.pagePrevious(3);
            assertTrue(bodies(older).containsAll(List.of("m0", "m1")), "the page before: " + bodies(older));

            XMPPErrorException refused = assertThrows(XMPPErrorException.class, () -> MamManager.getInstanceFor(
                    MultiUserChatManager.getInstanceFor(cy).getMultiUserChat(room)).queryArchive(MamQueryArgs.builder().build()));
            assertEquals(StanzaError.Condition.forbidden, refused.getStanzaError().getCondition());
        } finally {
            ann.disconnect();
            bo.disconnect();
            cy.disconnect();
        }

        server = server.restart();
        XMPPTCPConnection bo2 = server.login("bo", PASSWORD, "desk");
        try (StanzaCollector replay = bo2.createStanzaCollector(MessageTypeFilter.GROUPCHAT)) {
            MultiUserChatManager.getInstanceFor(bo2).getMultiUserChat(room).join(Resourcepart.from("Bo"));
            List<String> replayed = new ArrayList<>();
            for (Message m; (m = replay.nextResult(3_000)) != null;) {
                if (m.getBody() != null && m.getBody().startsWith("m")) {
                    assertNotNull(DelayInformation.from(m), "history comes with a delay");
                    replayed.add(m.getBody());
                }
            }
            assertEquals(List.of("m0", "m1", "m2", "m3", "m4"), replayed, "kept across the restart");
        } finally {
            bo2.disconnect();
        }
    }

    private static List<String> bodies(List<Message> messages) {
        return messages.stream().map(Message::getBody).filter(b -> b != null && b.startsWith("m")).toList();
    }
}
