package org.magpie.plugin.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The groups tables on an in-memory Derby database. */
class RoomStoreTest {

    private static final Instant T = Instant.parse("2026-03-04T05:06:07Z");

    private RoomStore store;

    @BeforeEach
    void open() throws SQLException {
        store = InMemoryRoomStore.open();
    }

    @Test
    void aNumberIsCreatedOnceWithItsSettings() {
        RoomInfo team = new RoomInfo(10001, "Team 团队", "ours", "alice@localhost", true, false, T);
        assertTrue(store.create(team));
        assertFalse(store.create(new RoomInfo(10001, "Other", "", "bob@localhost", false, false, T)),
                "a taken number is refused, not overwritten");
        assertEquals(Optional.of(team), store.room(10001));
        assertEquals(10001, store.maxNumber());

        RoomInfo changed = team.withName("Renamed").withDescription("").withMembersOnly(false).withLocked(true);
        store.update(changed);
        assertEquals(Optional.of(changed), store.room(10001));
        assertTrue(store.publicRooms().isEmpty(), "a locked room is not listed");
        store.update(changed.withLocked(false));
        assertEquals(1, store.publicRooms().size());
    }

    @Test
    void affiliationsInvitationsAndMembershipsGoWithTheRoom() {
        store.create(new RoomInfo(7, "Seven", "", "alice@localhost", false, false, T));
        store.create(new RoomInfo(8, "Eight", "", "alice@localhost", false, false, T));
        Member owner = new Member("alice@localhost", Affiliation.OWNER, "Alice", T);
        Member added = new Member("bob@localhost", Affiliation.MEMBER, null, null);
        store.saveMember(7, owner);
        store.saveMember(7, added);
        store.saveMember(8, new Member("bob@localhost", Affiliation.OUTCAST, null, null));
        assertEquals(List.of(owner, added), store.members(7));

        Member entered = added.entered("Bob", T.plusSeconds(3));
        store.saveMember(7, entered);
        assertEquals(List.of(owner, entered), store.members(7));
        assertEquals(List.of(7L), store.membershipsOf("bob@localhost").stream().map(m -> m.room().number()).toList(),
                "a ban is no membership");

        store.invite(8, "carol@localhost", "alice@localhost", T);
        assertTrue(store.invited(8, "carol@localhost"));
        store.removeInvitation(8, "carol@localhost");
        assertFalse(store.invited(8, "carol@localhost"));

        store.deleteMember(7, "bob@localhost");
        assertTrue(store.membershipsOf("bob@localhost").isEmpty());
        store.invite(7, "dave@localhost", "alice@localhost", T);
        store.delete(7);
        assertTrue(store.members(7).isEmpty());
        assertFalse(store.invited(7, "dave@localhost"));
        assertEquals(Optional.empty(), store.room(7));
    }

    @Test
    void aNamedRoomHasAUniqueNameANegativeNumberAndGoesAtStartUnlessPersistent() {
        store.create(new RoomInfo(10001, "Group", "", "alice@localhost", false, false, T));
        RoomInfo team = new RoomInfo(-1, "team", "Team", "ours", "alice@localhost", false, false, true, true, false, true,
                false, T);
        assertTrue(store.create(team));
        assertFalse(store.create(new RoomInfo(-2, "team", "Other", "", "bob@localhost", false, false, false, false, false,
                false, false, T)), "a taken name is refused, not overwritten");
        assertEquals(Optional.of(team), store.named("team"), "its options come back as stored");
        assertEquals(10001, store.maxNumber(), "named rooms leave the next group number alone");
        assertEquals(-1, store.minNumber());
        store.create(new RoomInfo(-2, "brief", "brief", "", "bob@localhost", false, false, false, false, false, false,
                false, T));
        assertEquals(List.of("Group", "brief", "Team"), store.publicRooms().stream().map(RoomInfo::name).toList(),
                "groups first, then names");

        assertEquals(1, store.deleteTemporaryRooms());
        assertEquals(Optional.empty(), store.named("brief"));
        assertEquals(Optional.of(team), store.named("team"));
        assertThrows(IllegalArgumentException.class, () -> new RoomInfo(5, "five", "Five", "", "alice@localhost", false,
                false, true, false, false, false, false, T), "a name never goes with a group number");
    }
}
