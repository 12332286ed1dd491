package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.StreamErrorCondition;

class SessionRegistryTest {

    private final SessionRegistry registry = new SessionRegistry();

    @Test
    void findsBoundSessionsByFullJidAndByAccountOldestFirst() throws Exception {
        TestSession desk = TestSession.of("alice@example.com/desk");
        TestSession phone = TestSession.of("alice@example.com/phone");
        assertEquals(List.of(), registry.bind(desk, 5));
        assertEquals(List.of(), registry.bind(phone, 5));

        assertSame(phone, registry.find(JidCreate.entityFullFrom("alice@example.com/phone")));
        assertEquals(List.of(desk, phone), registry.of(JidCreate.entityBareFrom("alice@example.com")));
        assertEquals(List.of(), registry.of(JidCreate.entityBareFrom("bob@example.com")));
        assertEquals(2, registry.size());
    }

    @Test
    void aSecondLoginWithTheSameResourceDisplacesTheFirst() throws Exception {
        TestSession first = TestSession.of("alice@example.com/desk");
        TestSession second = TestSession.of("alice@example.com/desk");
        registry.bind(first, 5);

        assertEquals(List.of(first), registry.bind(second, 5));
        assertSame(second, registry.find(second.fullJid()));
        assertEquals(List.of(second), registry.of(second.fullJid().asEntityBareJid()));
    }

    @Test
    void theOldestSessionsGoBeyondTheLimitPerAccount() {
        TestSession a = TestSession.of("alice@example.com/a");
        TestSession b = TestSession.of("alice@example.com/b");
        TestSession c = TestSession.of("alice@example.com/c");
        registry.bind(a, 2);
        registry.bind(b, 2);

        assertEquals(List.of(a), registry.bind(c, 2));
        assertEquals(List.of(b, c), registry.of(a.fullJid().asEntityBareJid()));
        assertNull(registry.find(a.fullJid()));
    }

    @Test
    void aLimitBelowOneStillLetsOneSessionIn() {
        TestSession a = TestSession.of("alice@example.com/a");
        TestSession b = TestSession.of("alice@example.com/b");
        registry.bind(a, 0);

        assertEquals(List.of(a), registry.bind(b, 0));
        assertEquals(1, registry.size());
    }

    @Test
    void unbindingForgetsTheSessionButNotANewerOneWithTheSameJid() {
        TestSession old = TestSession.of("alice@example.com/desk");
        TestSession newer = TestSession.of("alice@example.com/desk");
        registry.bind(old, 5);
        registry.bind(newer, 5);

        registry.unbind(old); // the displaced session's own disconnect comes late
        assertSame(newer, registry.find(newer.fullJid()));

        registry.unbind(newer);
        assertNull(registry.find(newer.fullJid()));
        assertEquals(List.of(), registry.of(newer.fullJid().asEntityBareJid()));
        assertEquals(0, registry.size());
    }

    @Test
    void terminateEndsEveryoneOfTheAccountAndTerminateOthersSparesTheCaller() {
        TestSession desk = TestSession.of("alice@example.com/desk");
        TestSession phone = TestSession.of("alice@example.com/phone");
        TestSession bob = TestSession.of("bob@example.com/pc");
        registry.bind(desk, 5);
        registry.bind(phone, 5);
        registry.bind(bob, 5);

        assertEquals(1, registry.terminateOthers(desk, StreamErrorCondition.NOT_AUTHORIZED, "password changed"));
        assertEquals(Optional.empty(), desk.endedWith());
        assertEquals(Optional.of(StreamErrorCondition.NOT_AUTHORIZED), phone.endedWith());

        assertEquals(2, registry.terminate(desk.fullJid().asEntityBareJid(), StreamErrorCondition.CONFLICT, "gone"));
        assertEquals(Optional.of(StreamErrorCondition.CONFLICT), desk.endedWith());
        assertEquals(Optional.empty(), bob.endedWith());
        assertTrue(registry.sessions().containsAll(List.of(desk, phone, bob)), "closing is the session's, unbinding too");
    }
}
