package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jivesoftware.smackx.ping.packet.Ping;
import org.jivesoftware.smackx.xdata.form.FillableForm;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;

/**
 * Named rooms ({@code team@rooms.localhost}) as standard clients use them, with Smack's
 * MultiUserChatManager against the real server: create and configure, enter, messages, private
 * messages, subject, history on entering, nickname change, kick, ban, destroy, a persistent room
 * across a restart while a temporary one goes, the XEP-0410 self-ping; a raw client cannot squat a
 * group number by entering it; and the setting that stops users creating named rooms.
 */
class NamedRoomsIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "secret123";
    private static final String SERVICE = "rooms." + InProcessServer.DOMAIN;
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // Smack 4.4's generic provider trips an assertion (tests run with -ea) on the MUC join element
        // that error replies to a join echo back: it gets a provider of its own, as in RoomsIT
        ProviderManager.addExtensionProvider("x", "http://jabber.org/protocol/muc", new RoomsIT.FlatProvider());
        server = InProcessServer.start(tmp, Map.of());
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aNamedRoomIsCreatedConfiguredUsedAndDestroyedWithStandardMucCalls() throws Exception {
        String a = user();
        String b = user();
        String c = user();
        EntityBareJid room = room("team-" + a);
        try (Client ann = login(a); Client bob = login(b); Client cy = login(c)) {
            MultiUserChat annMuc = ann.muc(room);
            annMuc.create(Resourcepart.from("Ann"));
            FillableForm form = annMuc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_roomname", "Team room");
            form.setAnswer("muc#roomconfig_roomdesc", "Plans and news");
            annMuc.sendConfigurationForm(form);

            MultiUserChat bobMuc = bob.muc(room);
            bobMuc.join(Resourcepart.from("Bob"));
            Presence bobSeen = ann.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Bob")) && p.isAvailable());
            assertEquals("none", MUCUser.from(bobSeen).getItem().getAffiliation().name(), "entering makes no member");
            assertEquals("participant", MUCUser.from(bobSeen).getItem().getRole().name());
            assertEquals(List.of(), bobMuc.getMembers());

            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(bob.connection).discoverInfo(room);
            assertEquals("Team room", info.getIdentities().get(0).getName());
            assertTrue(info.containsFeature("muc_temporary") && info.containsFeature("muc_public"));
            assertTrue(ServiceDiscoveryManager.getInstanceFor(bob.connection).discoverItems(server()).getItems().stream()
                    .anyMatch(i -> i.getEntityID().equals(room)), "public named rooms are listed by the service");

            bobMuc.sendMessage("first");
            bobMuc.sendMessage("second");
            ann.await(Message.class, m -> "second".equals(m.getBody()) && occupant(room, "Bob").equals(m.getFrom()));
            annMuc.changeSubject("Plans");
            bob.await(Message.class, m -> "Plans".equals(m.getSubject()));

            // history on entering, as much as asked for, then the subject
            MultiUserChat cyMuc = cy.muc(room);
            cyMuc.join(cyMuc.getEnterConfigurationBuilder(Resourcepart.from("Cy")).requestMaxStanzasHistory(1).build());
            cy.await(Message.class, m -> "Plans".equals(m.getSubject()) && m.getBody() == null);
            List<String> replayed = cy.all(Message.class, m -> DelayInformation.from(m) != null).stream()
                    .map(Message::getBody).toList();
            assertEquals(List.of("second"), replayed);

            // a private message through the room arrives from the sender's occupant JID
            bob.connection.sendStanza(bob.connection.getStanzaFactory().buildMessageStanza().to(occupant(room, "Cy"))
                    .ofType(Message.Type.chat).setBody("psst").build());
            Message pm = cy.await(Message.class, m -> "psst".equals(m.getBody()));
            assertEquals(occupant(room, "Bob"), pm.getFrom());
            assertEquals(Message.Type.chat, pm.getType());

            // XEP-0045 §7.6 by hand: Smack 4.4.8's changeNickname waits for the new presence holding the
            // MultiUserChat's lock, which its listener needs for the self-presence with 303 that comes first
            cy.connection.sendStanza(cy.connection.getStanzaFactory().buildPresenceStanza()
                    .to(occupant(room, "Cyrus")).build());
            Presence self = cy.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Cyrus")) && p.isAvailable());
            assertTrue(MUCUser.from(self).getStatus().contains(MUCUser.Status.PRESENCE_TO_SELF_110));
            Presence renamed = ann.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Cy")) && !p.isAvailable());
            assertTrue(MUCUser.from(renamed).getStatus().contains(MUCUser.Status.NEW_NICKNAME_303));

            // a participant may not kick; the owner may, and a kicked user may come back
            XMPPErrorException notModerator = assertThrows(XMPPErrorException.class,
                    () -> bobMuc.kickParticipant(Resourcepart.from("Cyrus"), "go"));
            assertEquals(StanzaError.Condition.forbidden, notModerator.getStanzaError().getCondition());
            annMuc.kickParticipant(Resourcepart.from("Cyrus"), "calm down");
            Presence kicked = cy.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Cyrus")) && !p.isAvailable());
            assertTrue(MUCUser.from(kicked).getStatus().contains(MUCUser.Status.KICKED_307));
            assertEquals("calm down", MUCUser.from(kicked).getItem().getReason());
            // Smack learns of a removal on its own listener thread; entering before that makes it leave first
            InProcessServer.eventually(WAIT, () -> !cyMuc.isJoined());
            cy.muc(room).join(Resourcepart.from("Cy"));

            // a banned user is out and stays out
            annMuc.banUser(jid(b), "spam");
            Presence banned = bob.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Bob")) && !p.isAvailable());
            assertTrue(MUCUser.from(banned).getStatus().contains(MUCUser.Status.BANNED_301));
            InProcessServer.eventually(WAIT, () -> !bobMuc.isJoined());
            XMPPErrorException out = assertThrows(XMPPErrorException.class, () -> bob.muc(room).join(Resourcepart.from("Bob")));
            assertEquals(StanzaError.Condition.forbidden, out.getStanzaError().getCondition());
            assertEquals(List.of(jid(b).toString()), annMuc.getOutcasts().stream().map(o -> o.getJid().toString()).toList());

            annMuc.destroy("done here", null);
            Presence destroyed = cy.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Cy")) && !p.isAvailable()
                    && MUCUser.from(p).getDestroy() != null);
            assertEquals("done here", MUCUser.from(destroyed).getDestroy().getReason());
            XMPPErrorException gone = assertThrows(XMPPErrorException.class,
                    () -> ServiceDiscoveryManager.getInstanceFor(cy.connection).discoverInfo(room));
            assertEquals(StanzaError.Condition.item_not_found, gone.getStanzaError().getCondition());
        }
    }

    @Test
    void aPersistentRoomStaysAcrossARestartATemporaryOneGoesWithItsLastOccupant() throws Exception {
        String a = user();
        String b = user();
        EntityBareJid kept = room("kept-" + a);
        EntityBareJid brief = room("brief-" + a);
        EntityBareJid gone = room("gone-" + a);
        try (Client ann = login(a); Client bob = login(b)) {
            MultiUserChat keptMuc = ann.muc(kept);
            keptMuc.create(Resourcepart.from("Ann"));
            FillableForm form = keptMuc.getConfigurationForm().getFillableForm();
            form.setAnswer("muc#roomconfig_roomname", "Kept");
            form.setAnswer("muc#roomconfig_persistentroom", true);
            keptMuc.sendConfigurationForm(form);
            keptMuc.grantMembership(jid(b));
            keptMuc.leave();

            bob.muc(brief).create(Resourcepart.from("Bob")).makeInstant(); // temporary: bob's logout ends it

            MultiUserChat goneMuc = ann.muc(gone);
            goneMuc.create(Resourcepart.from("Ann")).makeInstant();
            goneMuc.leave();
            XMPPErrorException vanished = assertThrows(XMPPErrorException.class,
                    () -> ServiceDiscoveryManager.getInstanceFor(ann.connection).discoverInfo(gone));
            assertEquals(StanzaError.Condition.item_not_found, vanished.getStanzaError().getCondition(),
                    "a temporary room goes when its last occupant leaves");
        }

        server = server.restart();

        try (Client ann = login(a); Client bob = login(b)) {
            ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(bob.connection);
            DiscoverInfo info = disco.discoverInfo(kept);
            assertEquals("Kept", info.getIdentities().get(0).getName());
            assertTrue(info.containsFeature("muc_persistent"));
            XMPPErrorException briefGone = assertThrows(XMPPErrorException.class, () -> disco.discoverInfo(brief));
            assertEquals(StanzaError.Condition.item_not_found, briefGone.getStanzaError().getCondition());

            MultiUserChat bobMuc = bob.muc(kept);
            bobMuc.join(Resourcepart.from("Bob"));
            assertEquals(List.of(jid(a).toString()), bobMuc.getOwners().stream().map(o -> o.getJid().toString()).toList());
            Presence self = bob.await(Presence.class, p -> p.getFrom().equals(occupant(kept, "Bob")) && p.isAvailable());
            assertEquals("member", MUCUser.from(self).getItem().getAffiliation().name(), "affiliations are kept");
            ann.muc(kept).join(Resourcepart.from("Ann"));
        }
    }

    @Test
    void aSelfPingTellsWhetherTheClientIsStillInTheRoom() throws Exception {
        String a = user();
        String b = user();
        EntityBareJid room = room("ping-" + a);
        try (Client ann = login(a); Client bob = login(b)) {
            MultiUserChat annMuc = ann.muc(room);
            annMuc.create(Resourcepart.from("Ann")).makeInstant();
            assertTrue(ServiceDiscoveryManager.getInstanceFor(ann.connection).discoverInfo(room)
                    .containsFeature("http://jabber.org/protocol/muc#self-ping-optimization"));
            IQ pong = ann.connection.createStanzaCollectorAndSend(new Ping(occupant(room, "Ann"))).nextResultOrThrow();
            assertEquals(IQ.Type.result, pong.getType());

            MultiUserChat bobMuc = bob.muc(room);
            bobMuc.join(Resourcepart.from("Bob"));
            annMuc.kickParticipant(Resourcepart.from("Bob"), null);
            bob.await(Presence.class, p -> p.getFrom().equals(occupant(room, "Bob")) && !p.isAvailable());
            XMPPErrorException notJoined = assertThrows(XMPPErrorException.class,
                    () -> bob.connection.createStanzaCollectorAndSend(new Ping(occupant(room, "Bob"))).nextResultOrThrow());
            assertEquals(StanzaError.Condition.not_acceptable, notJoined.getStanzaError().getCondition());
        }
    }

    @Test
    void aRawClientCannotSquatAGroupNumberByEnteringIt() throws Exception {
        String a = user();
        String b = user();
        try (RawXmppClient owner = rawLogin(a); RawXmppClient squatter = rawLogin(b)) {
            owner.send("<iq type='get' to='" + SERVICE + "' id='next1'><next xmlns='urn:magpie:rooms:0'/></iq>");
            String next = owner.await("</iq>", WAIT);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("number=['\"](\\d+)['\"]").matcher(next);
            assertTrue(m.find(), next);
            String number = m.group(1);

            squatter.send("<presence to='" + number + "@" + SERVICE + "/squatter' id='j1'>"
                    + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
            String refused = squatter.await("</presence>", WAIT);
            assertTrue(refused.contains("type=\"error\"") || refused.contains("type='error'"), refused);
            assertTrue(refused.contains("<conflict"), refused);
            assertTrue(refused.contains("The group number " + number + " is taken"), refused);
            assertTrue(refused.contains("已被占用"), refused);

            // digits are a number even with a leading zero: never a name
            squatter.send("<presence to='0" + number + "@" + SERVICE + "/squatter' id='j2'>"
                    + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
            String digits = squatter.await("</presence>", WAIT);
            assertTrue(digits.contains("<not-allowed"), digits);
            assertTrue(digits.contains("group number"), digits);

            // the owner still creates it by entering, as before
            owner.send("<presence to='" + number + "@" + SERVICE + "/owner' id='j3'>"
                    + "<x xmlns='http://jabber.org/protocol/muc'/></presence>");
            String created = owner.await("</presence>", WAIT);
            assertTrue(created.contains("code=\"201\"") || created.contains("code='201'"), created);
        }
    }

    @Test
    void withNamedRoomsSwitchedOffOnlyNumbersAreCreated(@TempDir Path home) throws Exception {
        try (InProcessServer off = InProcessServer.start(home, Map.of("rooms.named.create", "false"))) {
            off.register("zed", PASSWORD, "Zed");
            try (Client zed = new Client(off.login("zed", PASSWORD, "desk"))) {
                XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                        () -> zed.muc(room("team")).create(Resourcepart.from("Zed")));
                assertEquals(StanzaError.Condition.not_allowed, refused.getStanzaError().getCondition());
                assertTrue(refused.getStanzaError().getDescriptiveText("en").contains("named rooms"));
                assertFalse(refused.getStanzaError().getDescriptiveText("zh").isBlank());
                zed.muc(room("4242")).create(Resourcepart.from("Zed")).makeInstant();
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String user() throws Exception {
        String name = "named" + USERS.incrementAndGet();
        server.register(name, PASSWORD, name.toUpperCase(java.util.Locale.ROOT));
        return name;
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }

    private static EntityBareJid room(String name) {
        return JidCreate.entityBareFromOrThrowUnchecked(name + "@" + SERVICE);
    }

    private static org.jxmpp.jid.DomainBareJid server() {
        return JidCreate.domainBareFromOrThrowUnchecked(SERVICE);
    }

    private static EntityFullJid occupant(EntityBareJid room, String nick) {
        return JidCreate.entityFullFromOrThrowUnchecked(room + "/" + nick);
    }

    private static Client login(String user) throws Exception {
        return new Client(server.login(user, PASSWORD, "desk"));
    }

    /** A raw client logged in, bound and available; the ping's answer means the presence was handled. */
    private static RawXmppClient rawLogin(String user) throws Exception {
        RawXmppClient raw = new RawXmppClient(server.port());
        raw.startTls(server.sslContext());
        String outcome = raw.scramSha256(user, PASSWORD);
        assertTrue(outcome.contains("success"), outcome);
        raw.send(RawXmppClient.OPEN);
        raw.await("</stream:features>", WAIT);
        raw.send("<iq type='set' id='bind1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>raw</resource></bind></iq>");
        raw.await("</iq>", WAIT);
        raw.send("<presence/><iq type='get' id='sync1'><ping xmlns='urn:xmpp:ping'/></iq>");
        raw.await("sync1", WAIT);
        return raw;
    }

    /** A logged-in Smack user that keeps every stanza it receives, in order, for the assertions. */
    static final class Client implements AutoCloseable {
        final XMPPTCPConnection connection;
        private final List<Stanza> received = new ArrayList<>();

        Client(XMPPTCPConnection connection) {
            this.connection = connection;
            connection.addStanzaListener(this::received, s -> true);
        }

        MultiUserChat muc(EntityBareJid room) {
            return MultiUserChatManager.getInstanceFor(connection).getMultiUserChat(room);
        }

        private synchronized void received(Stanza s) {
            received.add(s);
            notifyAll();
        }

        /** The first matching stanza received, waiting for it; it is taken from the list. */
        synchronized <T extends Stanza> T await(Class<T> type, Predicate<T> match) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (true) {
                for (Stanza s : received) {
                    if (type.isInstance(s) && match.test(type.cast(s))) {
                        received.remove(s);
                        return type.cast(s);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching " + type.getSimpleName() + " at " + connection.getUser()
                            + "; received: " + received.stream().map(x -> x.toXML().toString()).toList());
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        /** Every matching stanza received so far. */
        synchronized <T extends Stanza> List<T> all(Class<T> type, Predicate<T> match) {
            return received.stream().filter(type::isInstance).map(type::cast).filter(match).toList();
        }

        @Override
        public void close() {
            if (connection.isConnected()) {
                connection.disconnect();
            }
        }
    }
}
