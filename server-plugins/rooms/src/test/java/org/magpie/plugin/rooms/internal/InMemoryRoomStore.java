package org.magpie.plugin.rooms.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/** A {@link RoomStore} on a fresh in-memory Derby database, its tables made by running the migrations. */
final class InMemoryRoomStore {

    private static final AtomicInteger DBS = new AtomicInteger();

    private InMemoryRoomStore() {
    }

    static RoomStore open() throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName("memory:rooms" + DBS.incrementAndGet());
        ds.setCreateDatabase("create");
        return new RoomStore(ds, new SchemaMigrations() {
            @Override
            public int migrate(String module, List<Migration> list) throws SQLException {
                assertEquals("rooms", module);
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    for (Migration m : list) {
                        for (String sql : m.statements()) {
                            s.execute(sql);
                        }
                    }
                }
                return list.size();
            }

            @Override
            public int version(String module) {
                return 0;
            }
        });
    }
}
