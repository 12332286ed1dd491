package org.magpie.plugin.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.WordFilter;
import org.magpie.server.api.text.Texts;

/** The rules a session passes to enter a group, one by one and in their order. */
class JoinRulesTest {

    private static final Texts TEXTS = Texts.of(RoomService.class);
    private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");
    private static final EntityFullJid ALICE = session("alice@example.com/desk");
    private static final EntityFullJid ALICE_PHONE = session("alice@example.com/phone");
    private static final EntityFullJid BOB = session("bob@example.com/desk");

    /** The filter plugin's list, while a test sets one. */
    private WordFilter words;
    private final List<JoinRule> rules = JoinRules.standard(TEXTS, new TextChecks(TEXTS, () -> words));

    @Test
    void aUserEntersAnOpenGroup() {
        assertDoesNotThrow(() -> check(join(room(false, false), BOB, "bob", false)));
    }

    @Test
    void aLockedGroupIsItsOwnersAlone() {
        Room room = room(false, true);
        assertRefused(Condition.ITEM_NOT_FOUND, "still being set up", () -> check(join(room, BOB, "bob", false)));
        assertDoesNotThrow(() -> check(join(room, ALICE, "alice", false)));
    }

    @Test
    void anOutcastStaysOut() {
        Room room = room(false, false);
        room.members.put("bob@example.com", new Member("bob@example.com", Affiliation.OUTCAST, null, null));
        assertRefused(Condition.FORBIDDEN, "banned", () -> check(join(room, BOB, "bob", true)));
    }

    @Test
    void aMembersOnlyGroupLetsInMembersAndTheInvited() {
        Room room = room(true, false);
        assertRefused(Condition.REGISTRATION_REQUIRED, "members only", () -> check(join(room, BOB, "bob", false)));
        assertDoesNotThrow(() -> check(join(room, BOB, "bob", true)));
        room.members.put("bob@example.com", new Member("bob@example.com", Affiliation.MEMBER, "bob", T));
        assertDoesNotThrow(() -> check(join(room, BOB, "bob", false)));
    }

    @Test
    void aNicknameInUseIsAnotherUsersOnly() {
        Room room = room(false, false);
        occupy(room, ALICE, "alice");
        assertRefused(Condition.CONFLICT, "nickname alice is taken", () -> check(join(room, BOB, "alice", false)));
        assertDoesNotThrow(() -> check(join(room, ALICE_PHONE, "alice", false)));
    }

    @Test
    void aSecondSessionTakesTheNicknameOfTheFirst() {
        Room room = room(false, false);
        occupy(room, ALICE, "alice");
        assertRefused(Condition.CONFLICT, "as alice already", () -> check(join(room, ALICE_PHONE, "ally", false)));
    }

    @Test
    void aNicknameWithAListedWordIsRefusedInBothLanguages() {
        words = text -> text.contains("boss") ? new WordFilter.Verdict(WordFilter.Action.BLOCKED, text, List.of("boss", "big"))
                : WordFilter.Verdict.clean(text);
        StanzaException e = assertThrows(StanzaException.class,
                () -> check(join(room(false, false), BOB, "big boss", false)));
        assertEquals(Condition.NOT_ACCEPTABLE, e.error().condition());
        assertEquals("The nickname contains words that are not allowed (boss, big).", e.error().texts().get("en"));
        assertEquals("昵称中含有不允许使用的词语（boss、big）。", e.error().texts().get("zh"));
        assertDoesNotThrow(() -> check(join(room(false, false), BOB, "bob", false)));
    }

    @Test
    void theFirstRuleThatRefusesAnswers() {
        Room room = room(true, true);
        room.members.put("bob@example.com", new Member("bob@example.com", Affiliation.OUTCAST, null, null));
        // locked, banned and not a member at once: the locked group answers, as if it were not there
        assertRefused(Condition.ITEM_NOT_FOUND, "still being set up", () -> check(join(room, BOB, "bob", false)));
        List<String> names = new ArrayList<>();
        rules.forEach(r -> names.add(r.getClass().getSimpleName()));
        assertEquals(List.of("AllowedNickname", "Locked", "Banned", "MembersOnly", "NicknameTaken", "OneNicknamePerUser"),
                names);
    }

    private void check(JoinRule.Join join) throws StanzaException {
        for (JoinRule rule : rules) {
            rule.check(join);
        }
    }

    private static JoinRule.Join join(Room room, EntityFullJid session, String nick, boolean invited) {
        return new JoinRule.Join(room, session, nick, room.affiliation(session.asEntityBareJid().toString()), invited);
    }

    /** Group 10001, owned by alice. */
    private static Room room(boolean membersOnly, boolean locked) {
        RoomInfo info = new RoomInfo(10001, "Team", "", "alice@example.com", membersOnly, locked, T);
        return new Room(info, JidCreate.entityBareFromOrThrowUnchecked("10001@rooms.example.com"),
                List.of(new Member("alice@example.com", Affiliation.OWNER, "alice", T)));
    }

    private static void occupy(Room room, EntityFullJid session, String nick) {
        Occupant o = new Occupant(nick, session.asEntityBareJid(), Role.MODERATOR);
        o.sessions.put(session, null);
        room.occupants.put(nick, o);
    }

    private static void assertRefused(Condition condition, String english, org.junit.jupiter.api.function.Executable call) {
        StanzaException e = assertThrows(StanzaException.class, call);
        assertEquals(condition, e.error().condition());
        assertTrue(e.error().texts().get("en").contains(english), e.error().texts().toString());
        assertTrue(e.error().texts().containsKey("zh"), e.error().texts().toString());
    }

    private static EntityFullJid session(String jid) {
        return JidCreate.entityFullFromOrThrowUnchecked(jid);
    }
}
