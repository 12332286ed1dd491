package org.magpie.plugin.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Account;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.StreamErrorCondition;

/**
 * Friend requests between two local accounts through {@link Subscriptions}, on a real roster store,
 * with nobody online: what each roster holds afterwards and what is routed to the other side.
 */
class SubscriptionsTest {

    private static final EntityBareJid ALICE = JidCreate.entityBareFromOrThrowUnchecked("alice@example.com");
    private static final EntityBareJid BOB = JidCreate.entityBareFromOrThrowUnchecked("bob@example.com");

    private final List<Stanza> routed = new ArrayList<>();
    private RosterStore store;
    private Subscriptions subscriptions;

    @BeforeEach
    void open() throws SQLException {
        store = RosterStoreTest.memoryStore();
        RosterEngine engine = new RosterEngine(store, NoSessions::new, () -> routed::add, new TwoAccounts(),
                JidCreate.domainBareFromOrThrowUnchecked("example.com"),
                Clock.fixed(Instant.parse("2026-12-07T08:00:00Z"), ZoneOffset.UTC));
        subscriptions = engine.subscriptions();
    }

    private Verdict send(EntityBareJid from, EntityBareJid to, PresenceType type) {
        Stanza presence = RosterContext.presence(from, to, type, "p1", List.of());
        return subscriptions.outbound(presence, type, from, to);
    }

    /** The owner's item for the contact as "subscription[+ask]", or "-" when there is none. */
    private String item(EntityBareJid owner, EntityBareJid contact) {
        return store.item(owner.toString(), contact.toString())
                .map(i -> i.subscription().xmlName() + (i.askOut() ? "+ask" : "")).orElse("-");
    }

    private Stanza lastRouted() {
        return routed.get(routed.size() - 1);
    }

    @Test
    void aRequestApprovedBothWaysEndsInBoth() {
        assertInstanceOf(Verdict.Drop.class, send(ALICE, BOB, PresenceType.SUBSCRIBE));
        assertEquals("none+ask", item(ALICE, BOB));
        assertTrue(store.hasRequest(BOB.toString(), ALICE.toString()), "waits for bob's answer, also over logins");
        assertTrue(lastRouted().is(PresenceType.SUBSCRIBE));
        assertEquals("Nick alice", lastRouted().element().child("nick", Subscriptions.NICK_NS).orElseThrow().text(),
                "the request carries the requester's nickname");

        send(BOB, ALICE, PresenceType.SUBSCRIBED);
        assertEquals("to", item(ALICE, BOB));
        assertEquals("from", item(BOB, ALICE));
        assertFalse(store.hasRequest(BOB.toString(), ALICE.toString()));
        assertTrue(lastRouted().is(PresenceType.SUBSCRIBED));

        send(BOB, ALICE, PresenceType.SUBSCRIBE);
        send(ALICE, BOB, PresenceType.SUBSCRIBED);
        assertEquals("both", item(ALICE, BOB));
        assertEquals("both", item(BOB, ALICE));
    }

    @Test
    void anApprovalNobodyAskedForChangesNothing() {
        int before = routed.size();
        send(BOB, ALICE, PresenceType.SUBSCRIBED);
        assertEquals("-", item(ALICE, BOB));
        assertEquals("-", item(BOB, ALICE));
        assertEquals(before, routed.size());
    }

    @Test
    void aRefusalEndsTheRequest() {
        send(ALICE, BOB, PresenceType.SUBSCRIBE);
        send(BOB, ALICE, PresenceType.UNSUBSCRIBED);
        assertEquals("none", item(ALICE, BOB));
        assertFalse(store.hasRequest(BOB.toString(), ALICE.toString()));
        assertTrue(lastRouted().is(PresenceType.UNSUBSCRIBED));
    }

    @Test
    void unsubscribingEndsOneDirectionOnBothSides() {
        send(ALICE, BOB, PresenceType.SUBSCRIBE);
        send(BOB, ALICE, PresenceType.SUBSCRIBED);
        send(ALICE, BOB, PresenceType.UNSUBSCRIBE);
        assertEquals("none", item(ALICE, BOB));
        assertEquals("none", item(BOB, ALICE));
        assertTrue(lastRouted().is(PresenceType.UNSUBSCRIBE));
    }

    @Test
    void removingAContactCancelsBothDirectionsAndDeletesTheItem() throws Exception {
        send(ALICE, BOB, PresenceType.SUBSCRIBE);
        send(BOB, ALICE, PresenceType.SUBSCRIBED);
        send(BOB, ALICE, PresenceType.SUBSCRIBE);
        send(ALICE, BOB, PresenceType.SUBSCRIBED);
        subscriptions.removeContact(BOB, ALICE);
        assertEquals("-", item(BOB, ALICE));
        assertEquals("none", item(ALICE, BOB), "alice keeps the contact, without subscriptions");
    }

    @Test
    void requestsToOneselfOrNobodyAreRefused() {
        Verdict self = send(ALICE, ALICE, PresenceType.SUBSCRIBE);
        assertEquals(Condition.NOT_ACCEPTABLE, assertInstanceOf(Verdict.Reject.class, self).error().condition());
        EntityBareJid nobody = JidCreate.entityBareFromOrThrowUnchecked("nobody@example.com");
        Verdict unknown = send(ALICE, nobody, PresenceType.SUBSCRIBE);
        Verdict.Reject reject = assertInstanceOf(Verdict.Reject.class, unknown);
        assertEquals(Condition.ITEM_NOT_FOUND, reject.error().condition());
        assertEquals("账号 nobody@example.com 不存在，请检查账号名。", reject.error().texts().get("zh"));
        assertEquals("-", item(ALICE, nobody));
    }

    /** Alice and Bob exist, with nicknames. */
    private static final class TwoAccounts implements AccountService {
        @Override
        public String normalize(String username) {
            return username;
        }

        @Override
        public Optional<Account> find(String username) {
            return List.of("alice", "bob").contains(username)
                    ? Optional.of(new Account(username, "Nick " + username, Instant.EPOCH)) : Optional.empty();
        }

        @Override
        public Account create(String username, String password, String nickname) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changePassword(String username, String newPassword) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void changeNickname(String username, String nickname) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete(String username) {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean checkPassword(String username, String password) {
            return false;
        }

        @Override
        public long count() {
            return 2;
        }
    }

    /** Nobody is online. */
    private static final class NoSessions implements SessionManager {
        @Override
        public Collection<Session> sessions(EntityBareJid account) {
            return List.of();
        }

        @Override
        public Collection<Session> sessions() {
            return List.of();
        }

        @Override
        public int terminate(EntityBareJid account, StreamErrorCondition condition, String text) {
            return 0;
        }

        @Override
        public int terminateOthers(Session keep, StreamErrorCondition condition, String text) {
            return 0;
        }
    }
}
