package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.Contact.Subscription;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * Friends through the service against the real server: a request with a greeting accepted (both
 * become friends and see each other come and go), rejected, left for later and delivered again at
 * the next login, sent to an account that does not exist, and a friend removed.
 */
class FriendsTest {

    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();

    @TempDir
    static Path tmp;

    private static MagpieServer server;
    private final List<SmackMessagingService> services = new ArrayList<>();

    @BeforeAll
    static void startServer() throws Exception {
        server = MagpieServer.start(tmp);
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void closeServices() {
        services.forEach(SmackMessagingService::close);
    }

    /** A logged-in user: its service and what it heard. */
    private record User(String account, SmackMessagingService service, Recorder heard) {
        Contact contact(String other) {
            return service.contacts().stream().filter(c -> c.account().equals(other)).findFirst().orElse(null);
        }
    }

    @Test
    void anAcceptedRequestMakesFriendsWhoSeeEachOtherComeAndGo() throws Exception {
        String a = register("Alice 爱丽丝");
        String b = register("Bob");
        User alice = login(a);
        User bob = login(b);

        done(alice.service.requestFriend(b, "Hi Bob, 我是 Alice"));
        FriendRequest request = bob.heard.awaitRequest(WAIT);
        assertEquals(new FriendRequest(a, "Alice 爱丽丝", "Hi Bob, 我是 Alice"), request);
        assertEquals(List.of(request), bob.service.friendRequests());
        Contact asked = eventually(() -> alice.contact(b), c -> c != null && c.requestPending());
        assertEquals(Subscription.NONE, asked.subscription());
        assertEquals("Bob", asked.nickname(), "the contact's nickname from the server");
        assertFalse(asked.online(), "no presence before the request is accepted");

        done(bob.service.acceptRequest(a));
        Contact atAlice = eventually(() -> alice.contact(b), c -> c != null && c.subscription() == Subscription.BOTH);
        assertEquals("Bob", atAlice.nickname());
        Contact atBob = eventually(() -> bob.contact(a), c -> c != null && c.subscription() == Subscription.BOTH);
        assertEquals("Alice 爱丽丝", atBob.nickname());
        eventually(() -> alice.contact(b), Contact::online);
        eventually(() -> bob.contact(a), Contact::online);
        assertEquals(List.of(), bob.service.friendRequests(), "answered");
        assertEquals(List.of(), alice.heard.requests, "bob's request back is approved by alice's client itself");
        assertTrue(alice.heard.contacts.stream().anyMatch(c -> c.account().equals(b)), "contactsChanged reported bob");
        assertEquals(FailureKind.ALREADY_FRIENDS, failure(alice.service.requestFriend(b, null)).kind());

        // bob goes and comes back: alice hears it live
        bob.service.logout();
        assertFalse(alice.heard.awaitContactChange(c -> c.account().equals(b) && !c.online(), WAIT).online());
        User bobAgain = login(b);
        alice.heard.awaitContactChange(c -> c.account().equals(b) && c.online(), WAIT);
        eventually(() -> bobAgain.contact(a), c -> c != null && c.online() && c.subscription() == Subscription.BOTH);
        assertEquals(List.of(), bobAgain.heard.requests, "nothing left to answer");
    }

    @Test
    void aRejectedRequestLeavesNoFriendshipAndDoesNotComeAgain() throws Exception {
        String c = register("Carol");
        String d = register("Dave");
        User carol = login(c);
        User dave = login(d);

        done(carol.service.requestFriend(d, null));
        FriendRequest request = dave.heard.awaitRequest(WAIT);
        assertNull(request.greeting(), "no greeting");
        done(dave.service.rejectRequest(c));

        eventually(() -> carol.contact(d), x -> x != null && x.subscription() == Subscription.NONE && !x.requestPending());
        assertNull(dave.contact(c), "the refuser's list stays as it was");
        assertEquals(List.of(), dave.service.friendRequests());

        dave.service.logout();
        User daveAgain = login(d);
        Thread.sleep(1000); // a re-delivered request would come right after the login
        assertEquals(List.of(), daveAgain.heard.requests, "a refused request is not delivered again");
    }

    @Test
    void aRequestLeftForLaterComesAgainAtTheNextLogin() throws Exception {
        String e = register("Erin");
        String f = register("Frank 弗兰克");
        User erin = login(e);
        User frank = login(f);
        done(erin.service.requestFriend(f, "Lunch buddies?"));
        frank.heard.awaitRequest(WAIT);
        frank.service.logout(); // "later": no answer

        User frankAgain = login(f);
        FriendRequest again = frankAgain.heard.awaitRequest(WAIT);
        assertEquals(new FriendRequest(e, "Erin", "Lunch buddies?"), again, "with its greeting");
        assertEquals(List.of(again), frankAgain.service.friendRequests());

        // the requester is offline when the answer comes: the friendship is there at her next login
        erin.service.logout();
        done(frankAgain.service.acceptRequest(e));
        eventually(() -> frankAgain.contact(e), x -> x != null && x.subscription() == Subscription.FROM && x.requestPending());
        User erinAgain = login(e);
        eventually(() -> erinAgain.contact(f), x -> x != null && x.subscription() == Subscription.BOTH && x.online());
        eventually(() -> frankAgain.contact(e), x -> x != null && x.subscription() == Subscription.BOTH && x.online());
        assertEquals(List.of(), erinAgain.heard.requests, "frank's request back is approved by erin's client");
    }

    @Test
    void requestsThatCannotBeSentSaySo() throws Exception {
        String g = register("Gina");
        User gina = login(g);
        String nobody = "nobody-" + g;
        ServiceException noSuch = failure(gina.service.requestFriend(nobody, "hello?"));
        assertEquals(FailureKind.NO_SUCH_ACCOUNT, noSuch.kind());
        assertTrue(noSuch.serverText().contains("There is no account nobody-"), noSuch.serverText());
        assertNull(gina.contact(nobody), "nothing added");
        assertEquals(FailureKind.NO_SUCH_ACCOUNT, failure(gina.service.requestFriend("someone@elsewhere.example", null)).kind(),
                "another domain: not reachable from here");

        assertEquals(FailureKind.INVALID_INPUT, failure(gina.service.requestFriend(g, null)).kind(), "own account");
        assertEquals(FailureKind.INVALID_INPUT, failure(gina.service.requestFriend("not valid@@", null)).kind());
        assertEquals(FailureKind.INVALID_INPUT, failure(gina.service.requestFriend(" ", null)).kind());

        SmackMessagingService offline = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-offline")));
        services.add(offline);
        assertEquals(FailureKind.UNREACHABLE, failure(offline.requestFriend(g, null)).kind());
        assertEquals(List.of(), offline.contacts());
    }

    @Test
    void aRemovedFriendIsGoneOnBothSides() throws Exception {
        String h = register("Hank");
        String i = register("Ivy");
        User hank = login(h);
        User ivy = login(i);
        done(hank.service.requestFriend(i, null));
        ivy.heard.awaitRequest(WAIT);
        done(ivy.service.acceptRequest(h));
        eventually(() -> ivy.contact(h), x -> x != null && x.subscription() == Subscription.BOTH && x.online());

        done(hank.service.removeFriend(i));
        eventually(() -> hank.contact(i), x -> x == null);
        // ivy no longer sees hank: the server ends the subscription and sends his unavailable presence
        eventually(() -> ivy.contact(h), x -> x == null || x.subscription() == Subscription.NONE && !x.online());
        assertEquals(List.of(), ivy.heard.requests.stream().filter(r -> !r.from().equals(h)).toList());
        done(hank.service.removeFriend(i)); // nothing to remove: no harm
    }

    // ------------------------------------------------------------------ helpers

    private static String register(String nickname) throws Exception {
        String name = "f" + USERS.incrementAndGet() + "-" + nickname.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
        SmackMessagingService registrar = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-" + name)));
        try {
            done(registrar.register(server.address(), name, PASSWORD, nickname));
        } finally {
            registrar.close();
        }
        return name + "@" + MagpieServer.DOMAIN;
    }

    private User login(String account) throws Exception {
        SmackMessagingService s = new SmackMessagingService(
                new FileTrustStore(tmp.resolve("trust-" + account + "-" + services.size())));
        services.add(s);
        Recorder r = new Recorder();
        s.addListener(r);
        done(s.login(server.address(), account.substring(0, account.indexOf('@')), PASSWORD));
        r.awaitState(ConnectionState.ONLINE, WAIT);
        return new User(account, s, r);
    }

    /** Polls until the value matches; fails with the last value after {@link Await#WAIT}. */
    static <T> T eventually(Supplier<T> value, Predicate<T> match) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        T last = value.get();
        while (!match.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("still " + last + " after " + WAIT);
            }
            Thread.sleep(50);
            last = value.get();
        }
        return last;
    }
}
