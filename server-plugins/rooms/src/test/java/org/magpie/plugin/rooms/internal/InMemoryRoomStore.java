package org.magpie.plugin.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.SQLException;
import java.util.List;

import org.magpie.server.testsupport.TestDatabase;

/** A {@link RoomStore} on a fresh in-memory Derby database, its tables made by running the migrations. */
final class InMemoryRoomStore {

    private InMemoryRoomStore() {
    }

    static RoomStore open() throws SQLException {
        TestDatabase db = TestDatabase.inMemory();
        RoomStore store = new RoomStore(db.dataSource(), db);
        assertEquals(List.of("rooms"), db.migratedModules());
        return store;
    }
}
