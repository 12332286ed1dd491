package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/** Archive stores on embedded Derby databases, their schema made by running every migration. */
final class TestStores {

    private TestStores() {
    }

    /** An archive store on the database of that name ({@code memory:...} or a directory), created if needed. */
    static ArchiveStore open(String databaseName) throws SQLException {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(databaseName);
        ds.setCreateDatabase("create");
        return new ArchiveStore(ds, new SchemaMigrations() {
            @Override
            public int migrate(String module, List<Migration> list) throws SQLException {
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
