package org.magpie.plugin.archive.internal;

import java.sql.SQLException;

import org.magpie.server.testsupport.TestDatabase;

/** Archive stores on embedded Derby databases, their schema made by running every migration. */
final class TestStores {

    private TestStores() {
    }

    /** An archive store on the database of that name ({@code memory:...} or a directory), created if needed. */
    static ArchiveStore open(String databaseName) throws SQLException {
        TestDatabase db = TestDatabase.named(databaseName);
        return new ArchiveStore(db.dataSource(), db);
    }
}
