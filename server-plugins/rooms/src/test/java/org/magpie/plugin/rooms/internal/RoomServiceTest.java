package org.magpie.plugin.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.Delay;
import org.magpie.server.api.IqType;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.xml.Element;

/**
 * The parts wired by {@link RoomService}, driven by stanzas as the core hands them over, on an
 * in-memory database, with what the service sends collected instead of routed.
 */
class RoomServiceTest {

    private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");
    private static final DomainBareJid DOMAIN = JidCreate.domainBareFromOrThrowUnchecked("example.com");
    private static final EntityFullJid ALICE = JidCreate.entityFullFromOrThrowUnchecked("alice@example.com/desk");
    private static final EntityFullJid BOB = JidCreate.entityFullFromOrThrowUnchecked("bob@example.com/desk");
    private static final EntityFullJid CAROL = JidCreate.entityFullFromOrThrowUnchecked("carol@example.com/desk");
    private static final String ROOM = "10001@rooms.example.com";

    private final List<Stanza> sent = new ArrayList<>();
    private RoomService service;

    @BeforeEach
    void start() throws SQLException {
        // no accounts: these tests name nobody by address (invitations, affiliations by JID)
        service = new RoomService(InMemoryRoomStore.open(), new MemoryRoomHistory(20), () -> sent::add, null, null, DOMAIN,
                20, 10001, Duration.ofMinutes(10), 100, true, 64, Clock.fixed(T, ZoneOffset.UTC));
    }

    @Test
    void enteringANewGroupCreatesItLockedUntilItsOwnerConfiguresIt() throws Exception {
        service.process(enter(ALICE, "alice"));
        Stanza self = last(ALICE, Stanza.Kind.PRESENCE);
        assertEquals(ROOM + "/alice", self.from().toString());
        assertEquals(List.of(100, 110, 201), statuses(self));

        StanzaException locked = assertThrows(StanzaException.class, () -> service.process(enter(BOB, "bob")));
        assertEquals(Condition.ITEM_NOT_FOUND, locked.error().condition());

        service.process(iq(ALICE, IqType.GET, Element.of("query", Namespaces.MUC_OWNER)));
        DataForm form = DataForm.parse(last(ALICE, Stanza.Kind.IQ).payload().orElseThrow().child("x", DataForm.NS).orElseThrow());
        assertEquals("10001", form.value(OwnerConfiguration.NAME).orElseThrow());
        assertEquals("Name", form.field(OwnerConfiguration.NAME).orElseThrow().label());

        DataForm submit = DataForm.of("submit", null, null)
                .with(DataForm.Field.of(OwnerConfiguration.NAME, null, null, "Team"));
        service.process(iq(ALICE, IqType.SET, Element.builder("query", Namespaces.MUC_OWNER).child(submit.toElement()).build()));
        Stanza changed = sentTo(ALICE).stream().filter(s -> s.is(MessageType.GROUPCHAT)).reduce((a, b) -> b).orElseThrow();
        assertEquals(List.of(104), statuses(changed));

        service.process(enter(BOB, "bob"));
        assertEquals(List.of(100, 110), statuses(last(BOB, Stanza.Kind.PRESENCE)));
        assertEquals("bob joined the group", last(ALICE, Stanza.Kind.MESSAGE).body().orElseThrow());
    }

    @Test
    void aNewNicknameIsAnnouncedUnderTheOldOneFirst() throws Exception {
        service.process(enter(ALICE, "alice"));
        sent.clear();
        service.process(enter(ALICE, "ally"));
        assertEquals(2, sent.size(), sent.toString());
        Stanza gone = sent.get(0);
        assertTrue(gone.is(PresenceType.UNAVAILABLE));
        assertEquals(ROOM + "/alice", gone.from().toString());
        assertEquals(List.of(110, 303), statuses(gone));
        assertEquals("ally", mucItem(gone).attribute("nick"));
        assertEquals(ROOM + "/ally", sent.get(1).from().toString());
    }

    @Test
    void aGroupMessageReachesEveryoneAndIsReplayedWithItsDelay() throws Exception {
        openRoomWithBob();
        service.process(Stanza.create(Stanza.Kind.MESSAGE, BOB, jid(ROOM), MessageType.GROUPCHAT, "m1",
                List.of(Element.builder("body", Namespaces.CLIENT).text("hello").build())));
        Stanza toAlice = last(ALICE, Stanza.Kind.MESSAGE);
        assertEquals(ROOM + "/bob", toAlice.from().toString());
        assertEquals("hello", toAlice.body().orElseThrow());

        service.process(enter(CAROL, "carol"));
        Stanza replayed = sentTo(CAROL).stream().filter(s -> "hello".equals(s.body().orElse(null))).findFirst().orElseThrow();
        Element delay = replayed.element().child("delay", Namespaces.DELAY).orElseThrow();
        assertTrue(Delay.isDelay(delay, jid(ROOM)));
        assertEquals(T, Delay.instant(delay).orElseThrow());
    }

    @Test
    void aKickedOccupantLearnsWhoKickedThemAndWhy() throws Exception {
        openRoomWithBob();
        Element kick = Element.builder("query", Namespaces.MUC_ADMIN).child(Element.builder("item", Namespaces.MUC_ADMIN)
                .attribute("nick", "bob").attribute("role", "none")
                .child(Element.builder("reason", Namespaces.MUC_ADMIN).text("spam").build()).build()).build();
        service.process(iq(ALICE, IqType.SET, kick));
        Stanza out = last(BOB, Stanza.Kind.PRESENCE);
        assertTrue(out.is(PresenceType.UNAVAILABLE));
        assertEquals(List.of(110, 307), statuses(out));
        assertEquals("alice", mucItem(out).child("actor", Namespaces.MUC_USER).orElseThrow().attribute("nick"));
        assertEquals("spam", mucItem(out).childText("reason").orElseThrow());
        assertEquals(List.of(307), statuses(last(ALICE, Stanza.Kind.PRESENCE)));

        StanzaException notOwner = assertThrows(StanzaException.class,
                () -> service.process(iq(BOB, IqType.GET, Element.of("query", Namespaces.MUC_OWNER))));
        assertEquals(Condition.FORBIDDEN, notOwner.error().condition());
    }

    /** Alice creates group 10001 by the Magpie request, Bob enters it. */
    private void openRoomWithBob() throws StanzaException {
        service.process(Stanza.create(Stanza.Kind.IQ, ALICE, jid("rooms.example.com"), IqType.SET, "c1", List.of(
                Element.builder("create", GroupsProtocol.NS).attribute("number", "10001").attribute("name", "Team").build())));
        service.process(enter(ALICE, "alice"));
        service.process(enter(BOB, "bob"));
    }

    private static Stanza enter(EntityFullJid who, String nick) {
        return Stanza.create(Stanza.Kind.PRESENCE, who, jid(ROOM + "/" + nick), PresenceType.AVAILABLE, null,
                List.of(Element.of("x", Namespaces.MUC)));
    }

    private static Stanza iq(EntityFullJid from, IqType type, Element payload) {
        return Stanza.create(Stanza.Kind.IQ, from, jid(ROOM), type, Stanza.newId(), List.of(payload));
    }

    private List<Stanza> sentTo(EntityFullJid session) {
        return sent.stream().filter(s -> session.equals(s.to())).toList();
    }

    private Stanza last(EntityFullJid session, Stanza.Kind kind) {
        return sentTo(session).stream().filter(s -> s.kind() == kind).reduce((a, b) -> b).orElseThrow();
    }

    private static Element mucItem(Stanza s) {
        return s.element().child("x", Namespaces.MUC_USER).orElseThrow().child("item", Namespaces.MUC_USER).orElseThrow();
    }

    private static List<Integer> statuses(Stanza s) {
        return s.element().child("x", Namespaces.MUC_USER).orElseThrow().elements().stream()
                .filter(e -> e.is("status", Namespaces.MUC_USER)).map(e -> Integer.parseInt(e.attribute("code"))).toList();
    }

    private static Jid jid(String jid) {
        return JidCreate.fromOrThrowUnchecked(jid);
    }
}
