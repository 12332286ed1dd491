package org.magpie.server.testsupport;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/**
 * An embedded Derby database for a store's tests, and the {@link SchemaMigrations} a store is built
 * with: it runs every migration it is given, in order, and remembers which modules asked.
 */
public final class TestDatabase implements SchemaMigrations {

    private static final AtomicInteger NEXT = new AtomicInteger();

    private final EmbeddedDataSource dataSource = new EmbeddedDataSource();
    private final List<String> modules = new ArrayList<>();

    private TestDatabase(String databaseName) {
        dataSource.setDatabaseName(databaseName);
        dataSource.setCreateDatabase("create");
    }

    /** A new, empty in-memory database (each call its own). */
    public static TestDatabase inMemory() {
        return new TestDatabase("memory:test" + NEXT.incrementAndGet());
    }

    /** The database of that name ({@code memory:...} or a folder), created if it does not exist. */
    public static TestDatabase named(String databaseName) {
        return new TestDatabase(databaseName);
    }

    public DataSource dataSource() {
        return dataSource;
    }

    /** The modules whose migrations ran, in order. */
    public synchronized List<String> migratedModules() {
        return List.copyOf(modules);
    }

    @Override
    public synchronized int migrate(String module, List<Migration> migrations) throws SQLException {
        modules.add(module);
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            for (Migration m : migrations) {
                for (String sql : m.statements()) {
                    s.execute(sql);
                }
            }
        }
        return migrations.size();
    }

    @Override
    public int version(String module) {
        return 0;
    }
}
