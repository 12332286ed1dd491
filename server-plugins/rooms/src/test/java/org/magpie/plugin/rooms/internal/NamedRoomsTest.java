package org.magpie.plugin.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
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
 * Named rooms ({@code team@rooms.example.com}) beside numbered groups: created by entering, plain
 * XEP-0045 (no automatic membership, no notices), temporary unless configured persistent, the setting
 * that lets users create them, digits always a group number, and the XEP-0410 self-ping.
 */
class NamedRoomsTest {

    private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");
    private static final DomainBareJid DOMAIN = JidCreate.domainBareFromOrThrowUnchecked("example.com");
    private static final EntityFullJid ALICE = JidCreate.entityFullFromOrThrowUnchecked("alice@example.com/desk");
    private static final EntityFullJid BOB = JidCreate.entityFullFromOrThrowUnchecked("bob@example.com/desk");
    private static final String SERVICE = "rooms.example.com";
    private static final String TEAM = "team@" + SERVICE;

    private final List<Stanza> sent = new ArrayList<>();
    private RoomStore store;
    private RoomService service;

    @BeforeEach
    void start() throws SQLException {
        store = InMemoryRoomStore.open();
        service = service(true, 64);
    }

    /** A service on the same database, as after a restart, with these settings. */
    private RoomService service(boolean namedCreate, int maxLength) {
        return new RoomService(store, new MemoryRoomHistory(20), () -> sent::add, null, null, DOMAIN, 20, 10001,
                Duration.ofMinutes(10), 100, namedCreate, maxLength, Clock.fixed(T, ZoneOffset.UTC));
    }

    @Test
    void enteringANewNameCreatesALockedTemporaryRoomThatAnEmptySubmitOpens() throws Exception {
        service.process(enter(ALICE, TEAM, "alice"));
        Stanza self = last(ALICE, Stanza.Kind.PRESENCE);
        assertEquals(TEAM + "/alice", self.from().toString());
        assertEquals(List.of(100, 110, 201), statuses(self));
        assertEquals("owner", mucItem(self).attribute("affiliation"));
        assertRefused(Condition.ITEM_NOT_FOUND, "being set up", () -> service.process(enter(BOB, TEAM, "bob")));

        service.process(iq(ALICE, TEAM, IqType.GET, Element.of("query", Namespaces.MUC_OWNER)));
        DataForm form = form(last(ALICE, Stanza.Kind.IQ));
        assertEquals("team", form.value(OwnerConfiguration.NAME).orElseThrow());
        assertEquals("0", form.value(OwnerConfiguration.PERSISTENT).orElseThrow(), "temporary until configured so");
        assertEquals("1", form.value(OwnerConfiguration.PUBLIC).orElseThrow());
        assertTrue(form.field(OwnerConfiguration.MODERATED).isPresent());

        instant(ALICE, TEAM);
        sent.clear();
        service.process(enter(BOB, TEAM, "bob"));
        Stanza bobSelf = last(BOB, Stanza.Kind.PRESENCE);
        assertEquals(List.of(100, 110), statuses(bobSelf));
        assertEquals("none", mucItem(bobSelf).attribute("affiliation"), "entering a named room makes nobody a member");
        assertEquals("participant", mucItem(bobSelf).attribute("role"));
        assertTrue(sentTo(ALICE).stream().noneMatch(s -> s.isMessage()), "no Magpie join notice: " + sentTo(ALICE));
        long number = store.named("team").orElseThrow().number();
        assertTrue(number < 0, "a named room never takes a group number");
        assertEquals(List.of("alice@example.com"), store.members(number).stream().map(Member::user).toList());
    }

    @Test
    void aTemporaryRoomGoesWithItsLastOccupantAPersistentOneStaysAcrossARestart() throws Exception {
        service.process(enter(ALICE, TEAM, "alice"));
        instant(ALICE, TEAM);
        service.process(enter(BOB, TEAM, "bob"));
        service.process(leave(ALICE, TEAM, "alice"));
        service.process(iq(BOB, TEAM, IqType.GET, Element.of("query", Namespaces.DISCO_INFO)));
        service.process(leave(BOB, TEAM, "bob"));
        assertRefused(Condition.ITEM_NOT_FOUND, "no group team",
                () -> service.process(iq(BOB, TEAM, IqType.GET, Element.of("query", Namespaces.DISCO_INFO))));
        assertTrue(store.named("team").isEmpty(), "nothing of it stays stored");

        String kept = "kept@" + SERVICE;
        service.process(enter(ALICE, kept, "alice"));
        configure(ALICE, kept, DataForm.Field.of(OwnerConfiguration.PERSISTENT, null, null, "1"),
                DataForm.Field.of(OwnerConfiguration.DESCRIPTION, null, null, "ours"));
        String temporary = "brief@" + SERVICE;
        service.process(enter(BOB, temporary, "bob"));
        instant(BOB, temporary);
        service.process(leave(ALICE, kept, "alice"));

        service.stop(); // the plugin stops with bob still in the temporary room
        sent.clear();
        service = service(true, 64);
        assertTrue(store.named("brief").isEmpty(), "a temporary room left by a stop is gone at the next start");
        service.process(iq(BOB, kept, IqType.GET, Element.of("query", Namespaces.DISCO_INFO)));
        Element info = last(BOB, Stanza.Kind.IQ).payload().orElseThrow();
        assertTrue(features(info).contains("muc_persistent"), features(info).toString());
        service.process(enter(BOB, kept, "bob"));
        assertEquals("none", mucItem(last(BOB, Stanza.Kind.PRESENCE)).attribute("affiliation"));
        service.process(iq(ALICE, kept, IqType.GET, Element.of("query", Namespaces.MUC_OWNER)));
        assertEquals("ours", form(last(ALICE, Stanza.Kind.IQ)).value(OwnerConfiguration.DESCRIPTION).orElseThrow());
    }

    @Test
    void digitsAreAlwaysAGroupNumberAndNamedRoomsLeaveTheNumbersAlone() throws Exception {
        assertRefused(Condition.NOT_ALLOWED, "group number", () -> service.process(enter(ALICE, "007@" + SERVICE, "alice")));
        assertRefused(Condition.ITEM_NOT_FOUND, "group number",
                () -> service.process(iq(ALICE, "0123@" + SERVICE, IqType.GET, Element.of("query", Namespaces.DISCO_INFO))));

        // a number handed out to alice cannot be taken by bob entering it
        service.process(Stanza.create(Stanza.Kind.IQ, ALICE, jid(SERVICE), IqType.GET, "n1",
                List.of(Element.of("next", GroupsProtocol.NS))));
        String next = last(ALICE, Stanza.Kind.IQ).payload().orElseThrow().attribute("number");
        assertEquals("10001", next);
        assertRefused(Condition.CONFLICT, "is taken", () -> service.process(enter(BOB, next + "@" + SERVICE, "bob")));

        // named rooms do not move the next free number
        service.process(enter(BOB, TEAM, "bob"));
        service.process(Stanza.create(Stanza.Kind.IQ, BOB, jid(SERVICE), IqType.GET, "n2",
                List.of(Element.of("next", GroupsProtocol.NS))));
        assertEquals("10002", last(BOB, Stanza.Kind.IQ).payload().orElseThrow().attribute("number"));
    }

    @Test
    void theSettingsRefuseNewNamedRoomsAndLongNamesButNotNumbersOrExistingRooms() throws Exception {
        String kept = "a-rather-long-name@" + SERVICE;
        service.process(enter(ALICE, kept, "alice"));
        configure(ALICE, kept, DataForm.Field.of(OwnerConfiguration.PERSISTENT, null, null, "1"));
        service.stop();
        service = service(false, 10);

        assertRefused(Condition.NOT_ALLOWED, "does not let users create named rooms",
                () -> service.process(enter(BOB, TEAM, "bob")));
        assertTrue(store.named("team").isEmpty());
        service.process(enter(BOB, kept, "bob"));
        assertTrue(statuses(last(BOB, Stanza.Kind.PRESENCE)).contains(110), "existing rooms, even long-named, stay open");
        service.process(enter(BOB, "5000@" + SERVICE, "bob"));
        assertTrue(statuses(last(BOB, Stanza.Kind.PRESENCE)).contains(201), "groups are created as before");

        service.stop();
        service = service(true, 10);
        assertRefused(Condition.NOT_ACCEPTABLE, "at most 10 characters",
                () -> service.process(enter(BOB, "averylongname@" + SERVICE, "bob")));
        service.process(enter(BOB, "tenletters@" + SERVICE, "bob"));
        assertTrue(statuses(last(BOB, Stanza.Kind.PRESENCE)).contains(201));

        assertThrows(IllegalArgumentException.class, () -> service(true, 0));
        assertThrows(IllegalArgumentException.class, () -> service(true, 1024));
    }

    @Test
    void aModeratedRoomGivesNewcomersNoVoiceAndAHiddenOneIsNotListed() throws Exception {
        service.process(enter(ALICE, TEAM, "alice"));
        configure(ALICE, TEAM, DataForm.Field.of(OwnerConfiguration.MODERATED, null, null, "1"),
                DataForm.Field.of(OwnerConfiguration.PUBLIC, null, null, "0"));
        service.process(enter(BOB, TEAM, "bob"));
        assertEquals("visitor", mucItem(last(BOB, Stanza.Kind.PRESENCE)).attribute("role"));
        assertRefused(Condition.FORBIDDEN, "may not speak", () -> service.process(Stanza.create(Stanza.Kind.MESSAGE, BOB,
                jid(TEAM), MessageType.GROUPCHAT, "m1", List.of(Element.builder("body", Namespaces.CLIENT).text("hi").build()))));

        service.process(Stanza.create(Stanza.Kind.IQ, BOB, jid(SERVICE), IqType.GET, "i1",
                List.of(Element.of("query", Namespaces.DISCO_ITEMS))));
        assertFalse(last(BOB, Stanza.Kind.IQ).payload().orElseThrow().toString().contains(TEAM));
        service.process(iq(BOB, TEAM, IqType.GET, Element.of("query", Namespaces.DISCO_INFO)));
        List<String> features = features(last(BOB, Stanza.Kind.IQ).payload().orElseThrow());
        assertTrue(features.containsAll(List.of("muc_moderated", "muc_hidden", "muc_temporary",
                RoomIqs.SELF_PING_OPTIMIZATION)), features.toString());
    }

    @Test
    void aSelfPingSaysWhetherTheSessionIsStillInTheRoom() throws Exception {
        service.process(enter(ALICE, TEAM, "alice"));
        instant(ALICE, TEAM);
        Element ping = Element.of("ping", Namespaces.PING);
        service.process(iq(ALICE, TEAM + "/alice", IqType.GET, ping));
        Stanza pong = last(ALICE, Stanza.Kind.IQ);
        assertTrue(pong.is(IqType.RESULT));
        assertEquals(TEAM + "/alice", pong.from().toString());

        service.process(enter(BOB, TEAM, "bob"));
        service.process(leave(BOB, TEAM, "bob"));
        assertRefused(Condition.NOT_ACCEPTABLE, "not in the group", () -> service.process(iq(BOB, TEAM + "/bob", IqType.GET, ping)));
        assertRefused(Condition.NOT_ACCEPTABLE, "not in the group",
                () -> service.process(iq(BOB, "gone@" + SERVICE + "/bob", IqType.GET, ping)));
    }

    @Test
    void inASemiAnonymousRoomOnlyModeratorsSeeWhoOccupantsAre() throws Exception {
        service.process(enter(ALICE, TEAM, "alice"));
        assertRefused(Condition.NOT_ACCEPTABLE, "anyone or moderators",
                () -> configure(ALICE, TEAM, DataForm.Field.of(OwnerConfiguration.WHOIS, null, null, "nobody")));
        configure(ALICE, TEAM, DataForm.Field.of(OwnerConfiguration.WHOIS, null, null, OwnerConfiguration.WHOIS_MODERATORS));
        Stanza changed = sentTo(ALICE).stream().filter(s -> s.is(MessageType.GROUPCHAT)).reduce((x, y) -> y).orElseThrow();
        assertEquals(List.of(104, 173), statuses(changed));

        sent.clear();
        service.process(enter(BOB, TEAM, "bob"));
        Stanza aliceSeenByBob = sentTo(BOB).stream().filter(s -> s.from().toString().equals(TEAM + "/alice")).findFirst()
                .orElseThrow();
        assertEquals(null, mucItem(aliceSeenByBob).attribute("jid"), "a participant sees nobody's address");
        Stanza bobSelf = last(BOB, Stanza.Kind.PRESENCE);
        assertEquals(List.of(110), statuses(bobSelf), "no 100: the room is not non-anonymous");
        assertEquals(BOB.toString(), mucItem(bobSelf).attribute("jid"), "everyone sees their own");
        assertEquals(BOB.toString(), mucItem(last(ALICE, Stanza.Kind.PRESENCE)).attribute("jid"), "a moderator sees it");

        service.process(iq(BOB, TEAM, IqType.GET, Element.of("query", Namespaces.DISCO_INFO)));
        assertTrue(features(last(BOB, Stanza.Kind.IQ).payload().orElseThrow()).contains("muc_semianonymous"));
        Element members = Element.builder("query", Namespaces.MUC_ADMIN)
                .child(Element.builder("item", Namespaces.MUC_ADMIN).attribute("affiliation", "owner").build()).build();
        assertRefused(Condition.FORBIDDEN, "only its owners and admins", () -> service.process(iq(BOB, TEAM, IqType.GET, members)));
        service.process(iq(ALICE, TEAM, IqType.GET, members));
        assertTrue(last(ALICE, Stanza.Kind.IQ).payload().orElseThrow().toString().contains("alice@example.com"));
    }

    @Test
    void participantsChangeTheSubjectOnlyWhenTheOwnerAllowsIt() throws Exception {
        service.process(enter(ALICE, TEAM, "alice"));
        instant(ALICE, TEAM);
        service.process(enter(BOB, TEAM, "bob"));
        Stanza subject = Stanza.create(Stanza.Kind.MESSAGE, BOB, jid(TEAM), MessageType.GROUPCHAT, "s1",
                List.of(Element.builder("subject", Namespaces.CLIENT).text("Plans").build()));
        assertRefused(Condition.FORBIDDEN, "subject", () -> service.process(subject));

        configure(ALICE, TEAM, DataForm.Field.of(OwnerConfiguration.CHANGE_SUBJECT, null, null, "1"));
        service.process(subject);
        assertEquals("Plans", last(ALICE, Stanza.Kind.MESSAGE).element().childText("subject").orElseThrow());
        service.process(iq(ALICE, TEAM, IqType.GET, Element.of("query", Namespaces.MUC_OWNER)));
        assertEquals("1", form(last(ALICE, Stanza.Kind.IQ)).value(OwnerConfiguration.CHANGE_SUBJECT).orElseThrow());
    }

    // ---------------------------------------------------------------- helpers

    private void instant(EntityFullJid owner, String room) throws StanzaException {
        configure(owner, room);
    }

    private void configure(EntityFullJid owner, String room, DataForm.Field... fields) throws StanzaException {
        DataForm submit = DataForm.of("submit", null, null);
        for (DataForm.Field f : fields) {
            submit = submit.with(f);
        }
        service.process(iq(owner, room, IqType.SET,
                Element.builder("query", Namespaces.MUC_OWNER).child(submit.toElement()).build()));
    }

    private static Stanza enter(EntityFullJid who, String room, String nick) {
        return Stanza.create(Stanza.Kind.PRESENCE, who, jid(room + "/" + nick), PresenceType.AVAILABLE, null,
                List.of(Element.of("x", Namespaces.MUC)));
    }

    private static Stanza leave(EntityFullJid who, String room, String nick) {
        return Stanza.create(Stanza.Kind.PRESENCE, who, jid(room + "/" + nick), PresenceType.UNAVAILABLE, null, List.of());
    }

    private static Stanza iq(EntityFullJid from, String to, IqType type, Element payload) {
        return Stanza.create(Stanza.Kind.IQ, from, jid(to), type, Stanza.newId(), List.of(payload));
    }

    private static DataForm form(Stanza iq) {
        return DataForm.parse(iq.payload().orElseThrow().child("x", DataForm.NS).orElseThrow());
    }

    private static List<String> features(Element info) {
        return info.elements().stream().filter(e -> e.is("feature", Namespaces.DISCO_INFO)).map(e -> e.attribute("var"))
                .toList();
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

    private static void assertRefused(Condition condition, String english, Executable call) {
        StanzaException e = assertThrows(StanzaException.class, call);
        assertEquals(condition, e.error().condition());
        assertTrue(e.error().texts().get("en").contains(english), e.error().texts().toString());
        assertTrue(e.error().texts().containsKey("zh"), e.error().texts().toString());
    }

    private static Jid jid(String jid) {
        return JidCreate.fromOrThrowUnchecked(jid);
    }
}
