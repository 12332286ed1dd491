package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.client.service.smack.tests.Await.WAIT;
import static org.magpie.client.service.smack.tests.Await.done;
import static org.magpie.client.service.smack.tests.Await.failure;
import static org.magpie.client.service.smack.tests.FriendsTest.eventually;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.FileTrustStore;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * Groups through the service against the real server: create with a number (a taken one refused,
 * or the server's next free one), join by number with the notice to everyone, messages with the
 * senders' nicknames, the live member list, membership kept across logins with the recent history,
 * no such group, members only, and leaving.
 */
class GroupsTest {

    private static final String PASSWORD = "secret123";
    private static final AtomicInteger USERS = new AtomicInteger();
    /** Numbers tests choose: below 10001, where the server's next free numbers never go. */
    private static final AtomicInteger NUMBERS = new AtomicInteger(5000);

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

    /** A logged-in user: the service, its groups and what they heard. */
    private record User(String account, SmackMessagingService service, GroupService groups, Heard heard) {
        Group group(String address) {
            return groups.groups().stream().filter(g -> g.address().equals(address)).findFirst().orElse(null);
        }

        GroupMember member(String address, String who) {
            return groups.members(address).stream().filter(m -> m.account().equals(who)).findFirst().orElse(null);
        }
    }

    @Test
    void aGroupCreatedByNumberIsJoinedByNumberWithNoticesNicknamesALiveMemberListAndStaysAfterLoggingInAgain()
            throws Exception {
        String a = register("Alice 爱丽丝");
        String b = register("Bob");
        String number = Integer.toString(NUMBERS.incrementAndGet());
        String address = number + "@rooms." + MagpieServer.DOMAIN;
        User alice = login(a);
        User bob = login(b);

        Group created = done(alice.groups.createGroup(number, "Team 团队", false));
        assertEquals(new Group(address, number, "Team 团队", null, false, Affiliation.OWNER), created);
        eventually(() -> alice.group(address), g -> g != null);
        assertEquals("Alice 爱丽丝", alice.groups.nicknameIn(address));
        eventually(() -> alice.member(address, a), m -> m != null && m.online() && m.affiliation() == Affiliation.OWNER);

        Group joined = done(bob.groups.joinGroup(number));
        assertEquals(new Group(address, number, "Team 团队", null, false, Affiliation.MEMBER), joined);
        assertEquals(List.of(joined), bob.groups.groups());
        eventually(() -> bob.heard.groups, l -> l.equals(List.of(joined))); // groupsChanged told the list

        // everybody gets the notice, with a marker the client localises
        GroupMessage notice = alice.heard.await(m -> m.kind() == GroupMessage.Kind.JOINED && m.senderNickname().equals("Bob"));
        assertEquals(b, notice.sender());
        assertEquals("Bob joined the group", notice.text());
        assertFalse(notice.own() || notice.history());
        assertTrue(bob.heard.await(m -> m.kind() == GroupMessage.Kind.JOINED && m.senderNickname().equals("Bob")).own());

        // the member list: both, online, live at alice's
        GroupMember bobAtAlice = eventually(() -> alice.member(address, b), m -> m != null && m.online());
        assertEquals(new GroupMember(address, b, "Bob", Affiliation.MEMBER, true), bobAtAlice);
        eventually(() -> bob.member(address, a), m -> m != null && m.online() && m.affiliation() == Affiliation.OWNER
                && m.nickname().equals("Alice 爱丽丝"));
        assertTrue(alice.heard.membersChanges.get() > 0);

        // messages with the senders' nicknames; the sender gets its own back
        done(bob.groups.sendToGroup(address, "hello team 大家好"));
        GroupMessage hello = alice.heard.await(m -> m.text().equals("hello team 大家好"));
        assertEquals(new GroupMessage(address, b, "Bob", "hello team 大家好", hello.time(), false, GroupMessage.Kind.MESSAGE, false),
                hello);
        assertTrue(bob.heard.await(m -> m.text().equals("hello team 大家好")).own());

        // bob goes: still a member, offline
        bob.service.logout();
        eventually(() -> alice.member(address, b), m -> m != null && !m.online() && m.affiliation() == Affiliation.MEMBER);
        eventually(() -> bob.heard.groups, List::isEmpty);

        // both log in again: the group is there, with its recent history, and no new notice
        alice.service.logout();
        User aliceAgain = login(a);
        User bobAgain = login(b);
        eventually(() -> bobAgain.group(address), g -> g != null && g.affiliation() == Affiliation.MEMBER && g.name().equals("Team 团队"));
        eventually(() -> aliceAgain.group(address), g -> g != null && g.affiliation() == Affiliation.OWNER);
        GroupMessage replayed = bobAgain.heard.await(m -> m.text().equals("hello team 大家好"));
        assertTrue(replayed.history() && replayed.own(), "history, and bob's own line");
        eventually(() -> aliceAgain.member(address, b), m -> m != null && m.online());
        done(aliceAgain.groups.sendToGroup(address, "welcome back"));
        assertEquals("Alice 爱丽丝", bobAgain.heard.await(m -> m.text().equals("welcome back")).senderNickname());
        assertTrue(bobAgain.heard.messages().stream().noneMatch(m -> m.kind() == GroupMessage.Kind.JOINED && !m.history()),
                "entering again is no new join");
    }

    @Test
    void aTakenNumberIsRefusedAndTheServerPicksTheNextFreeOne() throws Exception {
        User ann = login(register("Ann"));
        User cy = login(register("Cy"));
        String number = Integer.toString(NUMBERS.incrementAndGet());
        done(ann.groups.createGroup(number, "Ann's", false));

        ServiceException taken = failure(cy.groups.createGroup(number, "Mine", false));
        assertEquals(FailureKind.GROUP_NUMBER_TAKEN, taken.kind());
        assertTrue(taken.serverText().contains(number), taken.serverText());
        assertEquals(List.of(), cy.groups.groups(), "nothing taken over");

        Group picked = done(cy.groups.createGroup(null, "Picked for me", false));
        assertTrue(picked.number().matches("[1-9][0-9]*"), picked.number());
        assertNotEquals(number, picked.number());
        assertEquals(Affiliation.OWNER, picked.affiliation());
        eventually(() -> cy.group(picked.address()), g -> g != null);

        assertEquals(FailureKind.INVALID_INPUT, failure(cy.groups.createGroup("12a", "x", false)).kind());
        assertEquals(FailureKind.INVALID_INPUT, failure(cy.groups.createGroup(null, " ", false)).kind());
        assertEquals(FailureKind.INVALID_INPUT, failure(cy.groups.createGroup(null, "x".repeat(101), false)).kind());
    }

    @Test
    void noSuchGroupMembersOnlyAndNumbersThatAreNotNumbers() throws Exception {
        User oscar = login(register("Oscar"));
        User dora = login(register("Dora"));
        ServiceException none = failure(dora.groups.joinGroup("987654321"));
        assertEquals(FailureKind.NO_SUCH_GROUP, none.kind());
        assertEquals(FailureKind.NO_SUCH_GROUP, failure(oscar.groups.joinGroup("987654321")).kind(),
                "asking did not create it");
        assertEquals(FailureKind.INVALID_INPUT, failure(dora.groups.joinGroup("abc")).kind());
        assertEquals(FailureKind.INVALID_INPUT, failure(dora.groups.joinGroup("")).kind());

        String number = Integer.toString(NUMBERS.incrementAndGet());
        Group secret = done(oscar.groups.createGroup(number, "Secret", true));
        assertTrue(secret.membersOnly());
        ServiceException refused = failure(dora.groups.joinGroup(number));
        assertEquals(FailureKind.MEMBERS_ONLY, refused.kind());
        assertTrue(refused.serverText() != null && !refused.serverText().isBlank());
        assertEquals(List.of(), dora.groups.groups());

        SmackMessagingService offline = new SmackMessagingService(new FileTrustStore(tmp.resolve("trust-offline")));
        services.add(offline);
        assertEquals(FailureKind.UNREACHABLE, failure(offline.groups().joinGroup(number)).kind());
        assertEquals(List.of(), offline.groups().groups());
    }

    @Test
    void leavingEndsTheMembershipTheOnlyOwnerCannotLeave() throws Exception {
        String o = register("Olga");
        String m = register("Max");
        User olga = login(o);
        User max = login(m);
        String number = Integer.toString(NUMBERS.incrementAndGet());
        String address = done(olga.groups.createGroup(number, "Club", false)).address();
        done(max.groups.joinGroup(number));
        eventually(() -> olga.member(address, m), x -> x != null && x.online());

        done(max.groups.leaveGroup(address));
        assertNull(max.group(address));
        GroupMessage left = olga.heard.await(x -> x.kind() == GroupMessage.Kind.LEFT);
        assertEquals("Max", left.senderNickname());
        eventually(() -> olga.member(address, m), x -> x == null);

        max.service.logout();
        User maxAgain = login(m);
        Thread.sleep(500);
        assertNull(maxAgain.group(address), "not a member any more");

        ServiceException ownerLeaves = failure(olga.groups.leaveGroup(address));
        assertEquals(FailureKind.OTHER, ownerLeaves.kind());
        assertTrue(ownerLeaves.serverText() != null, "the server says why");
        assertTrue(olga.group(address) != null);
    }

    // ------------------------------------------------------------------ helpers

    /** What a user's group listener heard. */
    static final class Heard implements GroupListener {
        volatile List<Group> groups = List.of();
        final AtomicInteger membersChanges = new AtomicInteger();
        private final BlockingQueue<GroupMessage> queue = new LinkedBlockingQueue<>();
        private final List<GroupMessage> all = new CopyOnWriteArrayList<>();

        @Override
        public void groupsChanged(List<Group> now) {
            groups = now;
        }

        @Override
        public void groupMessageReceived(GroupMessage message) {
            all.add(message);
            queue.add(message);
        }

        @Override
        public void membersChanged(String group, List<GroupMember> members) {
            membersChanges.incrementAndGet();
        }

        List<GroupMessage> messages() {
            return List.copyOf(all);
        }

        /** Waits for a message that matches, skipping others. */
        GroupMessage await(Predicate<GroupMessage> match) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            List<GroupMessage> skipped = new ArrayList<>();
            while (true) {
                GroupMessage m = queue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("no matching group message within " + WAIT + "; got " + skipped);
                }
                if (match.test(m)) {
                    return m;
                }
                skipped.add(m);
            }
        }
    }

    private static String register(String nickname) throws Exception {
        String name = "g" + USERS.incrementAndGet() + "-" + nickname.split(" ")[0].toLowerCase(java.util.Locale.ROOT);
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
        Heard heard = new Heard();
        s.groups().addGroupListener(heard);
        done(s.login(server.address(), account.substring(0, account.indexOf('@')), PASSWORD));
        r.awaitState(ConnectionState.ONLINE, WAIT);
        return new User(account, s, s.groups(), heard);
    }
}
