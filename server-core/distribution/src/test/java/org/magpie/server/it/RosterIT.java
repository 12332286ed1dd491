package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.packet.RosterPacket;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.iqregister.AccountManager;
import org.jivesoftware.smackx.iqregister.packet.Registration;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jivesoftware.smackx.ping.PingManager;
import org.jivesoftware.smackx.vcardtemp.VCardManager;
import org.jivesoftware.smackx.vcardtemp.packet.VCard;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.osgi.framework.Bundle;

/**
 * Friends and presence (RFC 6121) with several Smack clients against the real server: each path of
 * a friend request (accept, reject, later with re-delivery at the next login, requester offline,
 * remove), presence reaching subscribers within a second of login, logout and a dropped connection,
 * roster pushes to a second resource, roster versioning, and vCard nicknames.
 */
class RosterIT {

    private static final Duration SECOND = Duration.ofSeconds(1);
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        // two sessions per account, so one user can be logged in from two places (roster pushes)
        server = InProcessServer.start(tmp, Map.of("server.sessions.per.account", "2"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    // ================================================================ friend requests

    @Test
    void acceptedRequestMakesMutualFriendsWhoSeeEachOtherComeAndGo() throws Exception {
        String a = user("Alice 爱丽丝");
        String b = user("Bob");
        try (Client alice = login(a, "desk"); Client bob = login(b, "desk")) {
            alice.roster.sendSubscriptionRequest(jid(b).asBareJid());

            Presence request = bob.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(a)), WAIT);
            Nick nick = request.getExtension(Nick.class);
            assertNotNull(nick, "the request carries the requester's nickname (XEP-0172)");
            assertEquals("Alice 爱丽丝", nick.getName());
            alice.awaitEntry(b, e -> e.isSubscriptionPending() && e.getType() == RosterPacket.ItemType.none);

            // accept = subscribed + a request back
            bob.send(Presence.Type.subscribed, a);
            bob.send(Presence.Type.subscribe, a);
            alice.await(p -> p.getType() == Presence.Type.subscribed && p.getFrom().equals(jid(b)), WAIT);
            alice.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(b)), WAIT);
            alice.send(Presence.Type.subscribed, b);

            RosterEntry atAlice = alice.awaitEntry(b, e -> e.getType() == RosterPacket.ItemType.both);
            assertEquals("Bob", atAlice.getName(), "the item carries the contact's nickname");
            RosterEntry atBob = bob.awaitEntry(a, e -> e.getType() == RosterPacket.ItemType.both && !e.isSubscriptionPending());
            assertEquals("Alice 爱丽丝", atBob.getName());
            // presence flows both ways once subscribed
            alice.await(p -> p.getType() == Presence.Type.available && p.getFrom().asBareJid().equals(jid(b)), WAIT);
            bob.await(p -> p.getType() == Presence.Type.available && p.getFrom().asBareJid().equals(jid(a)), WAIT);

            // logout and login reach the friend within a second
            bob.close();
            alice.await(p -> p.getType() == Presence.Type.unavailable && p.getFrom().equals(full(b, "desk")), SECOND);
            try (Client bobAgain = login(b, "laptop")) {
                alice.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(b, "laptop")), SECOND);
                // the new session learns at once who is online (probes answered by the server)
                bobAgain.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(a, "desk")), SECOND);
                assertTrue(bobAgain.roster.getPresence(jid(a)).isAvailable() || bobAgain.awaitAvailable(a));
            }
        }
    }

    @Test
    void rejectedRequestLeavesNoSubscription() throws Exception {
        String a = user("Anna");
        String c = user("Carol");
        try (Client anna = login(a, "desk"); Client carol = login(c, "desk")) {
            anna.roster.sendSubscriptionRequest(jid(c).asBareJid());
            carol.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(a)), WAIT);
            carol.send(Presence.Type.unsubscribed, a);

            anna.await(p -> p.getType() == Presence.Type.unsubscribed && p.getFrom().equals(jid(c)), WAIT);
            anna.awaitEntry(c, e -> e.getType() == RosterPacket.ItemType.none && !e.isSubscriptionPending());
            assertNull(carol.roster.getEntry(jid(a)), "a refused request adds nothing to the refuser's list");
        }
        // and it is not delivered again
        try (Client carol = login(c, "desk")) {
            carol.assertNoPresence(p -> p.getType() == Presence.Type.subscribe, SECOND);
        }
    }

    @Test
    void unansweredRequestComesAgainAtEveryLoginUntilAnswered() throws Exception {
        String a = user("Arthur");
        String d = user("Dave");
        try (Client arthur = login(a, "desk")) {
            try (Client dave = login(d, "desk")) {
                arthur.roster.sendSubscriptionRequest(jid(d).asBareJid());
                dave.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(a)), WAIT);
                // "later": no answer
            }
            for (int i = 0; i < 2; i++) {
                try (Client dave = login(d, "desk")) {
                    Presence again = dave.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(a)), WAIT);
                    assertNotNull(again.getExtension(DelayInformation.class), "re-delivered requests carry their time");
                    assertEquals("Arthur", again.getExtension(Nick.class).getName());
                }
            }
            try (Client dave = login(d, "desk")) {
                dave.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(a)), WAIT);
                dave.send(Presence.Type.subscribed, a);
                arthur.awaitEntry(d, e -> e.getType() == RosterPacket.ItemType.to);
                arthur.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(d, "desk")), WAIT);
            }
            try (Client dave = login(d, "desk")) {
                dave.assertNoPresence(p -> p.getType() == Presence.Type.subscribe, SECOND);
            }
        }
    }

    @Test
    void requestToAnOfflineUserWhileTheRequesterIsOfflineToo() throws Exception {
        String e = user("Erin");
        String f = user("Frank");
        try (Client erin = login(e, "desk")) {
            erin.roster.sendSubscriptionRequest(jid(f).asBareJid()); // frank is offline
            erin.awaitEntry(f, x -> x.isSubscriptionPending());
        }
        try (Client frank = login(f, "desk")) { // erin is offline now
            frank.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(e)), WAIT);
            frank.send(Presence.Type.subscribed, e);
            frank.send(Presence.Type.subscribe, e);
            frank.awaitEntry(e, x -> x.getType() == RosterPacket.ItemType.from && x.isSubscriptionPending());
        }
        try (Client erin = login(e, "desk")) {
            erin.awaitEntry(f, x -> x.getType() == RosterPacket.ItemType.to && !x.isSubscriptionPending());
            erin.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(f)), WAIT);
            erin.send(Presence.Type.subscribed, f);
            erin.awaitEntry(f, x -> x.getType() == RosterPacket.ItemType.both);
            try (Client frank = login(f, "desk")) {
                frank.awaitEntry(e, x -> x.getType() == RosterPacket.ItemType.both && !x.isSubscriptionPending());
                erin.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(f, "desk")), SECOND);
                frank.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(e, "desk")), SECOND);
            }
        }
    }

    @Test
    void removingAFriendEndsBothSubscriptions() throws Exception {
        String g = user("Gina");
        String h = user("Hank");
        befriend(g, h);
        try (Client gina = login(g, "desk"); Client hank = login(h, "desk")) {
            gina.awaitEntry(h, x -> x.getType() == RosterPacket.ItemType.both);
            hank.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(g, "desk")), WAIT);

            gina.roster.removeEntry(gina.roster.getEntry(jid(h)));

            hank.await(p -> p.getType() == Presence.Type.unsubscribe && p.getFrom().equals(jid(g)), WAIT);
            hank.await(p -> p.getType() == Presence.Type.unsubscribed && p.getFrom().equals(jid(g)), WAIT);
            hank.await(p -> p.getType() == Presence.Type.unavailable && p.getFrom().equals(full(g, "desk")), WAIT);
            hank.awaitEntry(g, x -> x.getType() == RosterPacket.ItemType.none && !x.isSubscriptionPending());
            InProcessServer.eventually(WAIT, () -> gina.roster.getEntry(jid(h)) == null);
        }
        // gone for good: no presence either way at the next login
        try (Client hank = login(h, "desk"); Client gina = login(g, "desk")) {
            hank.assertNoPresence(p -> p.getFrom().asBareJid().equals(jid(g)), SECOND);
            assertNull(gina.roster.getEntry(jid(h)));
        }
    }

    @Test
    void requestToAnAccountThatDoesNotExistGetsAClearError() throws Exception {
        String i = user("Ivy");
        try (Client ivy = login(i, "desk")) {
            ivy.send(Presence.Type.subscribe, "nobody-" + i);
            Presence error = ivy.await(p -> p.getType() == Presence.Type.error, WAIT);
            assertEquals(StanzaError.Condition.item_not_found, error.getError().getCondition());
            assertTrue(error.getError().getDescriptiveText("en").contains("There is no account nobody-" + i),
                    error.toXML().toString());
            assertNull(ivy.roster.getEntry(jid("nobody-" + i)), "no roster item for an account that does not exist");
        }
    }

    // ================================================================ presence

    @Test
    void aDroppedConnectionReachesFriendsAsUnavailableWithinASecond() throws Exception {
        String j = user("Jack");
        String k = user("Kate");
        befriend(j, k);
        try (Client jack = login(j, "desk")) {
            // a client that may resume its stream (XEP-0198) stays online while it may: StreamManagementIT
            Client kate = login(k, "desk", false);
            jack.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(k, "desk")), SECOND);
            kate.connection.instantShutdown(); // the socket closes without unavailable presence or </stream>
            jack.await(p -> p.getType() == Presence.Type.unavailable && p.getFrom().equals(full(k, "desk")), SECOND);
            InProcessServer.eventually(WAIT, () -> !jack.roster.getPresence(jid(k)).isAvailable());
        }
    }

    @Test
    void directedPresenceReachesANonFriendAndEndsWithTheSession() throws Exception {
        String l = user("Liam");
        String m = user("Mia");
        try (Client liam = login(l, "desk"); Client mia = login(m, "desk")) {
            liam.connection.sendStanza(liam.connection.getStanzaFactory().buildPresenceStanza().to(jid(m)).build());
            mia.await(p -> p.getType() == Presence.Type.available && p.getFrom().equals(full(l, "desk")), WAIT);
            liam.close();
            mia.await(p -> p.getType() == Presence.Type.unavailable && p.getFrom().equals(full(l, "desk")), SECOND);
        }
    }

    // ================================================================ roster

    @Test
    void rosterChangesArePushedToTheOtherResource() throws Exception {
        String n = user("Nora");
        String o = user("Oscar");
        befriend(n, o);
        try (Client desk = login(n, "desk"); Client phone = login(n, "phone")) {
            assertEquals("Oscar", phone.awaitEntry(o, x -> true).getName());
            RosterEntry entry = desk.awaitEntry(o, x -> true);
            entry.setName("Ossi");
            phone.awaitEntry(o, x -> "Ossi".equals(x.getName()) && x.getType() == RosterPacket.ItemType.both);

            String p = user("Paul");
            desk.roster.createItem(jid(p), "Paul P.", new String[] {"Work", "同事"});
            RosterEntry pushed = phone.awaitEntry(p, x -> x.getGroups().size() == 2);
            assertEquals("Paul P.", pushed.getName());
            assertEquals(RosterPacket.ItemType.none, pushed.getType());

            desk.roster.removeEntry(desk.awaitEntry(p, x -> true)); // the push may come just after the result
            InProcessServer.eventually(WAIT, () -> phone.roster.getEntry(jid(p)) == null);
        }
    }

    @Test
    void rosterVersionAnswersEmptyWhenNothingChanged() throws Exception {
        String q = user("Quinn");
        String r = user("Rita");
        try (Client quinn = login(q, "desk")) {
            assertTrue(quinn.roster.isRosterVersioningSupported(), "announced among the stream features");
            RosterPacket first = rosterGet(quinn, null);
            assertNotNull(first.getVersion(), "the roster has a version");
            IQ unchanged = quinn.connection.sendIqRequestAndWaitForResponse(versioned(first.getVersion()));
            assertFalse(unchanged instanceof RosterPacket, "same version: an empty result, got " + unchanged.toXML());
            assertEquals(IQ.Type.result, unchanged.getType());

            quinn.roster.createItem(jid(r), null, null);
            RosterPacket changed = rosterGet(quinn, first.getVersion());
            assertFalse(first.getVersion().equals(changed.getVersion()));
            assertEquals(1, changed.getRosterItemCount());
            assertEquals("Rita", changed.getRosterItems().get(0).getName(), "the contact's nickname as name");
        }
    }

    // ================================================================ vCard

    @Test
    void vcardsCarryTheRegistrationNicknameAndAChangeReachesFriends() throws Exception {
        String s = user("Sam 山姆");
        String t = user("Tess");
        befriend(s, t);
        try (Client sam = login(s, "desk"); Client tess = login(t, "desk")) {
            VCard own = VCardManager.getInstanceFor(sam.connection).loadVCard();
            assertEquals("Sam 山姆", own.getNickName());
            VCard other = VCardManager.getInstanceFor(tess.connection).loadVCard(jid(s));
            assertEquals("Sam 山姆", other.getNickName());
            assertEquals("Sam 山姆", other.getField("FN"));

            tess.awaitEntry(s, x -> "Sam 山姆".equals(x.getName()));
            own.setNickName("Sammy");
            own.setEmailWork("sam@example.com");
            VCardManager.getInstanceFor(sam.connection).saveVCard(own);

            VCard changed = VCardManager.getInstanceFor(tess.connection).loadVCard(jid(s));
            assertEquals("Sammy", changed.getNickName());
            assertEquals("sam@example.com", changed.getEmailWork(), "the rest of the vCard is kept");
            tess.awaitEntry(s, x -> "Sammy".equals(x.getName()));
        }
    }

    @Test
    void aNicknameChangedThroughRegistrationReachesFriends() throws Exception {
        String u = user("Uma");
        String v = user("Vic");
        befriend(u, v);
        try (Client uma = login(u, "desk"); Client vic = login(v, "desk")) {
            vic.awaitEntry(u, x -> "Uma".equals(x.getName()));
            Registration change = new Registration(Map.of("nick", "Uma 乌玛"));
            change.setType(IQ.Type.set);
            change.setTo(JidCreate.domainBareFrom(InProcessServer.DOMAIN));
            uma.connection.sendIqRequestAndWaitForResponse(change);
            vic.awaitEntry(u, x -> "Uma 乌玛".equals(x.getName()));
        }
    }

    @Test
    void aRosterPluginStartedAgainStillHearsOfNicknameChanges() throws Exception {
        String p = user("Pia");
        String q = user("Quinn");
        befriend(p, q);
        Bundle roster = server.bundle("org.magpie.plugin.roster");
        roster.stop(); // its account listener goes away with it and comes back as a new service
        roster.start();
        try (Client pia = login(p, "desk"); Client quinn = login(q, "desk")) {
            quinn.awaitEntry(p, x -> "Pia".equals(x.getName()));
            Registration change = new Registration(Map.of("nick", "Pia 皮娅"));
            change.setType(IQ.Type.set);
            change.setTo(JidCreate.domainBareFrom(InProcessServer.DOMAIN));
            pia.connection.sendIqRequestAndWaitForResponse(change);
            quinn.awaitEntry(p, x -> "Pia 皮娅".equals(x.getName()));
        }
    }

    // ================================================================ removed accounts

    @Test
    void aRemovedAccountLeavesItsFriendsRostersAndANewAccountOfTheSameNameInheritsNothing() throws Exception {
        String w = user("Wes");
        String x = user("Xia");
        String y = user("Yan");
        befriend(w, x);
        try (Client yan = login(y, "desk")) {
            yan.send(Presence.Type.subscribe, w); // left unanswered: pending at Wes
        }
        try (Client xia = login(x, "desk"); Client wes = login(w, "desk")) {
            xia.awaitEntry(w, e -> e.getType() == RosterPacket.ItemType.both);
            AccountManager.getInstance(wes.connection).deleteAccount();
            xia.await(p -> p.getType() == Presence.Type.unavailable && p.getFrom().asBareJid().equals(jid(w)), WAIT);
            InProcessServer.eventually(WAIT, () -> xia.roster.getEntry(jid(w)) == null);
        }
        // someone registers the freed name: no friends, no requests, no vCard of the old owner
        server.register(w, PASSWORD, "Another Wes");
        try (Client newcomer = login(w, "desk"); Client xia = login(x, "desk")) {
            assertTrue(newcomer.roster.getEntries().isEmpty(), "roster of the new account: " + newcomer.roster.getEntries());
            newcomer.assertNoPresence(p -> p.getType() == Presence.Type.subscribe, SECOND);
            assertNull(xia.roster.getEntry(jid(w)));
            VCard card = VCardManager.getInstanceFor(xia.connection).loadVCard(jid(w));
            assertEquals("Another Wes", card.getNickName());
            assertNull(card.getEmailWork());
        }
    }

    // ================================================================ helpers

    /** A registered account with a unique name. */
    private static String user(String nickname) throws Exception {
        String name = "u" + USERS.incrementAndGet() + "-" + nickname.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
        server.register(name, PASSWORD, nickname);
        return name;
    }

    /** Makes two accounts mutual friends through the normal request and acceptance. */
    private static void befriend(String a, String b) throws Exception {
        try (Client x = login(a, "setup"); Client y = login(b, "setup")) {
            x.send(Presence.Type.subscribe, b);
            y.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(a)), WAIT);
            y.send(Presence.Type.subscribed, a);
            y.send(Presence.Type.subscribe, a);
            x.await(p -> p.getType() == Presence.Type.subscribe && p.getFrom().equals(jid(b)), WAIT);
            x.send(Presence.Type.subscribed, b);
            x.awaitEntry(b, e -> e.getType() == RosterPacket.ItemType.both);
            y.awaitEntry(a, e -> e.getType() == RosterPacket.ItemType.both);
        }
    }

    private static RosterPacket rosterGet(Client c, String version) throws Exception {
        IQ answer = c.connection.sendIqRequestAndWaitForResponse(versioned(version));
        return assertInstanceOf(RosterPacket.class, answer, answer.toXML().toString());
    }

    private static RosterPacket versioned(String version) {
        RosterPacket get = new RosterPacket();
        get.setType(IQ.Type.get);
        get.setVersion(version);
        return get;
    }

    static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }

    static Jid full(String user, String resource) {
        return JidCreate.fromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN + "/" + resource);
    }

    /** Logs in with Smack's roster loaded at login and requests answered by the test (manual mode). */
    static Client login(String user, String resource) throws Exception {
        return login(user, resource, true);
    }

    /** @param resumable whether the client asks for stream resumption (XEP-0198), as Smack does by default */
    static Client login(String user, String resource, boolean resumable) throws Exception {
        XMPPTCPConnection c = server.connection(resource);
        c.setUseStreamManagementResumption(resumable);
        Roster roster = Roster.getInstanceFor(c);
        roster.setRosterLoadedAtLogin(true);
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        Client client = new Client(c, roster);
        c.addAsyncStanzaListener(p -> client.received((Presence) p), StanzaTypeFilter.PRESENCE);
        c.connect();
        c.login(user, PASSWORD);
        InProcessServer.eventually(WAIT, roster::isLoaded);
        PingManager.getInstanceFor(c).pingMyServer();
        return client;
    }

    /** A logged-in Smack client and every presence it received. */
    static final class Client implements AutoCloseable {
        final XMPPTCPConnection connection;
        final Roster roster;
        private final List<Presence> presences = new ArrayList<>();

        Client(XMPPTCPConnection connection, Roster roster) {
            this.connection = connection;
            this.roster = roster;
        }

        synchronized void received(Presence p) {
            presences.add(p);
            notifyAll();
        }

        /** The first presence received (before or within the timeout) that matches, taken out of the list. */
        synchronized Presence await(Predicate<Presence> match, Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                for (Presence p : presences) {
                    if (match.test(p)) {
                        presences.remove(p);
                        return p;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("no matching presence at " + connection.getUser() + " within " + timeout
                            + "; received: " + presences.stream().map(x -> x.toXML().toString()).toList());
                }
                wait(Math.max(1, left / 1_000_000));
            }
        }

        synchronized void assertNoPresence(Predicate<Presence> match, Duration during) throws InterruptedException {
            long deadline = System.nanoTime() + during.toNanos();
            while (System.nanoTime() < deadline) {
                for (Presence p : presences) {
                    if (match.test(p)) {
                        throw new AssertionError("unexpected presence at " + connection.getUser() + ": " + p.toXML());
                    }
                }
                wait(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
            }
        }

        boolean awaitAvailable(String user) throws Exception {
            InProcessServer.eventually(WAIT, () -> roster.getPresence(jid(user)).isAvailable());
            return true;
        }

        RosterEntry awaitEntry(String user, Predicate<RosterEntry> match) throws Exception {
            BareJid bare = jid(user);
            try {
                InProcessServer.eventually(WAIT, () -> roster.getEntry(bare) != null && match.test(roster.getEntry(bare)));
            } catch (AssertionError e) {
                RosterEntry now = roster.getEntry(bare);
                throw new AssertionError("roster of " + connection.getUser() + ": " + (now == null ? "no entry for " + bare
                        : (now.getName() + " " + now.getType() + " pending=" + now.isSubscriptionPending() + " groups=" + now.getGroups().size())), e);
            }
            return roster.getEntry(bare);
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
