package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.bookmarks.BookmarkManager;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.geoloc.GeoLocationManager;
import org.jivesoftware.smackx.geoloc.packet.GeoLocation;
import org.jivesoftware.smackx.iqprivate.PrivateDataManager;
import org.jivesoftware.smackx.mood.Mood;
import org.jivesoftware.smackx.mood.MoodManager;
import org.jivesoftware.smackx.pep.PepManager;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.pubsub.Item;
import org.jivesoftware.smackx.pubsub.LeafNode;
import org.jivesoftware.smackx.pubsub.PayloadItem;
import org.jivesoftware.smackx.pubsub.PubSubManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * Personal eventing (XEP-0163) with Smack's managers against the real server: a friend whose caps ask
 * for a node gets the owner's events and the last item when coming online, a non-friend gets nothing and
 * reads nothing; avatars (XEP-0084), bookmarks through private storage (XEP-0048/0049) as the
 * storage:bookmarks node, an XEP-0402 bookmark on a whitelist node and an OMEMO device list on an open
 * node (raw XML, as Smack 4.4 has no OMEMO here); the PEP identity and node lists in disco.
 */
class PepIT {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();
    private static final String EVENT = "http://jabber.org/protocol/pubsub#event";

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of("server.sessions.per.account", "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aFriendWithNotifyCapsGetsTheEventAndANonFriendNothing() throws Exception {
        String a = user("alice");
        String b = user("bob");
        String e = user("eve");
        befriend(a, b);
        BlockingQueue<GeoLocation> atBob = new LinkedBlockingQueue<>();
        BlockingQueue<GeoLocation> atEve = new LinkedBlockingQueue<>();
        BlockingQueue<Mood> moods = new LinkedBlockingQueue<>();
        try (Peer alice = login(a, "desk"); Peer bob = login(b, "phone", c -> {
            GeoLocationManager.getInstanceFor(c).addGeoLocationListener((from, geo, id, m) -> atBob.add(geo));
            MoodManager.getInstanceFor(c).addMoodListener((from, mood, id, m) -> moods.add(mood.getMood()));
        });
                Peer eve = login(e, "pc", c -> GeoLocationManager.getInstanceFor(c)
                        .addGeoLocationListener((from, geo, id, m) -> atEve.add(geo)))) {
            assertTrue(PepManager.getInstanceFor(alice.connection).isSupported(), "the account is a PEP service");

            GeoLocationManager.getInstanceFor(alice.connection).publishGeoLocation(GeoLocation.builder().setLocality("Paris").build());

            GeoLocation got = atBob.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertNotNull(got, "the friend is told");
            assertEquals("Paris", got.getLocality());
            MoodManager.getInstanceFor(alice.connection).setMood(Mood.happy);
            assertEquals(Mood.happy, moods.poll(WAIT.toSeconds(), TimeUnit.SECONDS), "user mood (XEP-0107) too");
            PingManager.getInstanceFor(eve.connection).pingMyServer(); // anything sent to eve before is in now
            assertTrue(atEve.isEmpty() && eve.events.isEmpty(), "no event for a non-friend: " + eve.events);

            // reading: the friend may, the non-friend may not
            List<Item> items = pubsub(bob, a).getLeafNode(GeoLocationManager.GEOLOCATION_NODE).getItems();
            assertEquals(1, items.size());
            assertTrue(items.get(0).toXML().toString().contains("Paris"));
            XMPPErrorException refused = assertThrows(XMPPErrorException.class,
                    () -> pubsub(eve, a).getLeafNode(GeoLocationManager.GEOLOCATION_NODE).getItems());
            assertTrue(refused.getStanzaError().getCondition() == StanzaError.Condition.item_not_found
                    || refused.getStanzaError().getCondition() == StanzaError.Condition.not_authorized, refused.toString());

            // disco#items of alice's account: the friend sees the node, the non-friend does not
            assertTrue(nodes(bob, a).contains(GeoLocationManager.GEOLOCATION_NODE));
            assertFalse(nodes(eve, a).contains(GeoLocationManager.GEOLOCATION_NODE));
        }
    }

    @Test
    void aFriendComingOnlineGetsTheLastItemAndAnAvatarIsRead() throws Exception {
        String a = user("anna");
        String b = user("ben");
        befriend(a, b);
        String avatarId = "3f7a9c1e0b2d4e6f8a0b1c2d3e4f5a6b7c8d9e0f";
        String data = java.util.Base64.getEncoder().encodeToString("not really a png".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        try (Peer anna = login(a, "desk")) {
            PepManager pep = PepManager.getInstanceFor(anna.connection);
            pep.publish("urn:xmpp:avatar:data", new PayloadItem<>(avatarId,
                    StandardExtensionElement.builder("data", "urn:xmpp:avatar:data").setText(data).build()));
            pep.publish("urn:xmpp:avatar:metadata", new PayloadItem<>(avatarId,
                    StandardExtensionElement.builder("metadata", "urn:xmpp:avatar:metadata")
                            .addElement(StandardExtensionElement.builder("info", "urn:xmpp:avatar:metadata")
                                    .addAttribute("id", avatarId).addAttribute("bytes", "16").addAttribute("type", "image/png").build())
                            .build()));
        }
        try (Peer ben = login(b, "phone", c -> ServiceDiscoveryManager.getInstanceFor(c).addFeature("urn:xmpp:avatar:metadata+notify"))) {
            Message last = ben.awaitEvent("urn:xmpp:avatar:metadata");
            assertEquals(jid(a), last.getFrom());
            assertTrue(last.toXML().toString().contains(avatarId), last.toXML().toString());

            LeafNode dataNode = pubsub(ben, a).getLeafNode("urn:xmpp:avatar:data");
            List<Item> items = dataNode.getItems(List.of(avatarId));
            assertEquals(1, items.size());
            assertTrue(items.get(0).toXML().toString().contains(data));
        }
    }

    @Test
    void bookmarksInPrivateStorageAreTheStorageBookmarksNodeAndPrivateNodesStayPrivate() throws Exception {
        String a = user("amy");
        String b = user("bill");
        befriend(a, b);
        try (Peer amy = login(a, "desk"); Peer bill = login(b, "phone")) {
            BookmarkManager.getBookmarkManager(amy.connection).addBookmarkedConference("Team",
                    JidCreate.entityBareFrom("team@rooms." + InProcessServer.DOMAIN), true, null, null);
            assertEquals(1, BookmarkManager.getBookmarkManager(amy.connection).getBookmarkedConferences().size());

            List<Item> asPep = PepManager.getInstanceFor(amy.connection).getPepPubSubManager().getLeafNode("storage:bookmarks").getItems();
            assertEquals(1, asPep.size());
            assertTrue(asPep.get(0).toXML().toString().contains("team@rooms."), asPep.get(0).toXML().toString());

            assertTrue(PrivateDataManager.getInstanceFor(amy.connection).isSupported());
            assertFalse(nodes(bill, a).contains("storage:bookmarks"), "a friend does not see the private node");
        }
        // XEP-0402 with its publish-options, and an OMEMO device list on an open node, as a client writes them
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.logIn(server.sslContext(), a, PASSWORD, "raw");
            raw.send("<iq type='set' id='bm'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<publish node='urn:xmpp:bookmarks:1'><item id='team@rooms.localhost'>"
                    + "<conference xmlns='urn:xmpp:bookmarks:1' name='Team' autojoin='true'><nick>amy</nick></conference></item></publish>"
                    + "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                    + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                    + "<field var='pubsub#persist_items'><value>true</value></field>"
                    + "<field var='pubsub#access_model'><value>whitelist</value></field>"
                    + "<field var='pubsub#max_items'><value>max</value></field>"
                    + "<field var='pubsub#send_last_published_item'><value>never</value></field></x></publish-options></pubsub></iq>");
            assertTrue(raw.awaitIq("bm", WAIT).contains("type=\"result\""));

            // the same node published as open is refused: the precondition a client checks before it reconfigures
            raw.send("<iq type='set' id='bm2'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<publish node='urn:xmpp:bookmarks:1'><item id='x@rooms.localhost'><conference xmlns='urn:xmpp:bookmarks:1'/></item></publish>"
                    + "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                    + "<field var='pubsub#access_model'><value>open</value></field></x></publish-options></pubsub></iq>");
            String refused = raw.awaitIq("bm2", WAIT);
            assertTrue(refused.contains("precondition-not-met") && refused.contains("conflict"), refused);

            raw.send("<iq type='set' id='omemo'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<publish node='eu.siacs.conversations.axolotl.devicelist'><item id='current'>"
                    + "<list xmlns='eu.siacs.conversations.axolotl'><device id='12345'/></list></item></publish>"
                    + "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                    + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                    + "<field var='pubsub#access_model'><value>open</value></field></x></publish-options></pubsub></iq>");
            assertTrue(raw.awaitIq("omemo", WAIT).contains("type=\"result\""));
        }
        String stranger = user("sam");
        try (RawXmppClient raw = new RawXmppClient(server.port())) {
            raw.logIn(server.sslContext(), stranger, PASSWORD, "raw");
            raw.send("<iq type='get' id='r1' to='" + a + "@" + InProcessServer.DOMAIN + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<items node='eu.siacs.conversations.axolotl.devicelist'/></pubsub></iq>");
            String devices = raw.awaitIq("r1", WAIT);
            assertTrue(devices.contains("device id=\"12345\""), "an open node is anyone's to read: " + devices);

            raw.send("<iq type='get' id='r2' to='" + a + "@" + InProcessServer.DOMAIN + "'><pubsub xmlns='http://jabber.org/protocol/pubsub'>"
                    + "<items node='urn:xmpp:bookmarks:1'/></pubsub></iq>");
            String bookmarks = raw.awaitIq("r2", WAIT);
            assertTrue(bookmarks.contains("not-allowed") && bookmarks.contains("closed-node") && !bookmarks.contains("Team"), bookmarks);

            raw.send("<iq type='get' id='r3' to='" + a + "@" + InProcessServer.DOMAIN + "'><query xmlns='jabber:iq:private'>"
                    + "<storage xmlns='storage:bookmarks'/></query></iq>");
            String privateRead = raw.awaitIq("r3", WAIT);
            assertTrue(privateRead.contains("type=\"error\"") && !privateRead.contains("team@"), privateRead);
        }
    }

    // ================================================================ helpers

    private static PubSubManager pubsub(Peer reader, String owner) {
        return PubSubManager.getInstanceFor(reader.connection, jid(owner));
    }

    private static List<String> nodes(Peer reader, String owner) throws Exception {
        DiscoverItems items = ServiceDiscoveryManager.getInstanceFor(reader.connection).discoverItems(jid(owner));
        List<String> nodes = new ArrayList<>();
        items.getItems().forEach(i -> nodes.add(i.getNode()));
        return nodes;
    }

    private static String user(String name) throws Exception {
        String user = "p" + USERS.incrementAndGet() + "-" + name;
        server.register(user, PASSWORD, name);
        return user;
    }

    static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }

    /**
     * Makes two accounts mutual friends through the normal request and acceptance. The server handles a
     * session's stanzas in order, so once the last acceptance is followed by an answered ping, both
     * subscriptions are stored.
     */
    private static void befriend(String a, String b) throws Exception {
        try (Peer x = login(a, "setup"); Peer y = login(b, "setup")) {
            x.send(Presence.Type.subscribe, b);
            InProcessServer.eventually(WAIT, () -> y.subscribeFrom(a));
            y.send(Presence.Type.subscribed, a);
            y.send(Presence.Type.subscribe, a);
            InProcessServer.eventually(WAIT, () -> x.subscribeFrom(b));
            x.send(Presence.Type.subscribed, b);
            PingManager.getInstanceFor(x.connection).pingMyServer();
        }
    }

    /** What a test sets up on a connection before it logs in (listeners, features). */
    interface Setup {
        void on(XMPPTCPConnection c) throws Exception;
    }

    private static Peer login(String user, String resource) throws Exception {
        return login(user, resource, c -> { });
    }

    /**
     * Logs in with what {@code setup} adds; each client has a feature of its own, so its caps are new to
     * the server, which asks for them: once that answer and a ping after it are through, the server knows
     * which notifications this client wants.
     */
    private static Peer login(String user, String resource, Setup setup) throws Exception {
        XMPPTCPConnection c = server.connection(resource);
        Roster.getInstanceFor(c).setSubscriptionMode(Roster.SubscriptionMode.manual);
        Peer peer = new Peer(c);
        setup.on(c);
        ServiceDiscoveryManager.getInstanceFor(c).addFeature("urn:magpie:test:" + user + ":" + resource);
        CompletableFuture<Void> capsAnswered = new CompletableFuture<>();
        c.addStanzaSendingListener(s -> capsAnswered.complete(null),
                s -> s instanceof DiscoverInfo i && i.getType() == IQ.Type.result && i.getNode() != null && i.getNode().contains("#"));
        c.addAsyncStanzaListener(peer::received, s -> s instanceof Message || s instanceof Presence);
        c.connect();
        c.login(user, PASSWORD);
        capsAnswered.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        PingManager.getInstanceFor(c).pingMyServer();
        return peer;
    }

    /** A logged-in Smack client with the events and subscription requests it received. */
    static final class Peer implements AutoCloseable {
        final XMPPTCPConnection connection;
        final BlockingQueue<Message> events = new LinkedBlockingQueue<>();
        private final List<String> subscribeFrom = new java.util.concurrent.CopyOnWriteArrayList<>();

        Peer(XMPPTCPConnection connection) {
            this.connection = connection;
        }

        void received(org.jivesoftware.smack.packet.Stanza s) {
            if (s instanceof Message m && m.hasExtension("event", EVENT)) {
                events.add(m);
            } else if (s instanceof Presence p && p.getType() == Presence.Type.subscribe) {
                subscribeFrom.add(p.getFrom().asBareJid().toString());
            }
        }

        boolean subscribeFrom(String user) {
            return subscribeFrom.contains(jid(user).toString());
        }

        Message awaitEvent(String node) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (System.nanoTime() < deadline) {
                Message m = events.poll(100, TimeUnit.MILLISECONDS);
                String xml = m == null ? "" : m.toXML().toString(); // Smack writes attributes in single quotes
                if (xml.contains("node='" + node + "'") || xml.contains("node=\"" + node + "\"")) {
                    return m;
                }
            }
            throw new AssertionError("no event of " + node + " at " + connection.getUser());
        }

        void send(Presence.Type type, String user) throws Exception {
            connection.sendStanza(connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(jid(user)).build());
        }

        @Override
        public void close() {
            if (connection.isConnected()) {
                connection.disconnect();
            }
        }
    }
}
