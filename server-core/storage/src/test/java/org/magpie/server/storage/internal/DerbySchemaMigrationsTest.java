package org.magpie.server.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.magpie.server.api.storage.Migration;

class DerbySchemaMigrationsTest {

    @TempDir
    Path dir;

    private DerbyDatabase db;
    private DerbySchemaMigrations migrations;

    @BeforeEach
    void open() throws SQLException {
        db = new DerbyDatabase(dir.resolve("db"), new PoolSettings(4, Duration.ofSeconds(5)));
        migrations = new DerbySchemaMigrations(db.dataSource());
    }

    @AfterEach
    void close() {
        db.close();
    }

    @AfterAll
    static void engineDown() {
        DerbyDatabase.shutdownEngine();
    }

    /** Each step leaves a row in {@code ran}, so a step that ran twice shows. */
    private static List<Migration> steps(String module, int count) {
        List<Migration> list = new ArrayList<>();
        list.add(Migration.of(1, "journal for " + module,
                "CREATE TABLE ran_" + module + " (step INT NOT NULL)",
                "INSERT INTO ran_" + module + " VALUES (1)"));
        for (int v = 2; v <= count; v++) {
            list.add(Migration.of(v, "step " + v, "INSERT INTO ran_" + module + " VALUES (" + v + ")"));
        }
        return list;
    }

    private List<Integer> ran(String module) throws SQLException {
        return ints("SELECT step FROM ran_" + module + " ORDER BY step");
    }

    private List<Integer> ints(String sql) throws SQLException {
        List<Integer> result = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.add(rs.getInt(1));
            }
        }
        return result;
    }

    private boolean tableExists(String name) throws SQLException {
        try (Connection c = db.dataSource().getConnection();
             ResultSet rs = c.getMetaData().getTables(null, null, name.toUpperCase(), null)) {
            return rs.next();
        }
    }

    @Test
    void versionIsZeroBeforeAnything() throws SQLException {
        assertEquals(0, migrations.version("core")); // not even the bookkeeping table exists yet
        migrations.migrate("roster", steps("roster", 1));
        assertEquals(0, migrations.version("core"));
    }

    @Test
    void appliesEachStepOnceAndRecordsIt() throws SQLException {
        assertEquals(3, migrations.migrate("core", steps("core", 3)));
        assertEquals(3, migrations.migrate("core", steps("core", 3)));
        assertEquals(3, migrations.version("core"));
        assertEquals(List.of(1, 2, 3), ran("core"));

        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT version, description, applied FROM "
                     + DerbySchemaMigrations.TABLE + " WHERE module = ? ORDER BY version")) {
            ps.setString(1, "core");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1));
                assertEquals("journal for core", rs.getString(2));
                assertTrue(rs.getTimestamp(3) != null);
                assertTrue(rs.next());
                assertEquals("step 2", rs.getString(2));
                assertTrue(rs.next());
                assertFalse(rs.next());
            }
        }
    }

    @Test
    void appliesInVersionOrderWhateverTheListOrder() throws SQLException {
        List<Migration> shuffled = new ArrayList<>(steps("core", 3));
        java.util.Collections.reverse(shuffled);
        assertEquals(3, migrations.migrate("core", shuffled));
        assertEquals(List.of(1, 2, 3), ran("core"));
    }

    @Test
    void modulesAreIndependent() throws SQLException {
        migrations.migrate("core", steps("core", 2));
        migrations.migrate("rooms", steps("rooms", 1));
        assertEquals(2, migrations.version("core"));
        assertEquals(1, migrations.version("rooms"));
    }

    @Test
    void resumesAfterRestart() throws SQLException {
        migrations.migrate("core", steps("core", 2));
        db.close();
        DerbyDatabase.shutdownEngine(); // the whole engine, as when the storage bundle stops

        db = new DerbyDatabase(dir.resolve("db"), new PoolSettings(4, Duration.ofSeconds(5)));
        migrations = new DerbySchemaMigrations(db.dataSource());
        assertEquals(2, migrations.version("core"));
        assertEquals(4, migrations.migrate("core", steps("core", 4)));
        assertEquals(List.of(1, 2, 3, 4), ran("core"));
    }

    @Test
    void failingStepRollsBackOnlyItselfAndSaysWhich() throws SQLException {
        List<Migration> broken = List.of(
                steps("core", 1).get(0),
                Migration.of(2, "add avatars", "CREATE TABLE avatars (id INT)", "INSERT INTO no_such_table VALUES (1)"),
                Migration.of(3, "never reached", "CREATE TABLE later (id INT)"));

        SQLException e = assertThrows(SQLException.class, () -> migrations.migrate("core", broken));
        assertTrue(e.getMessage().contains("module core: migration 2 (add avatars) failed at statement 2 of 2"),
                e.getMessage());
        assertEquals("42X05", e.getSQLState()); // the failing statement's own state: table does not exist
        assertEquals(1, migrations.version("core"));
        assertTrue(tableExists("ran_core"));
        assertFalse(tableExists("avatars"), "the step's DDL is rolled back with it");
        assertFalse(tableExists("later"));

        List<Migration> fixed = List.of(broken.get(0),
                Migration.of(2, "add avatars", "CREATE TABLE avatars (id INT)"), broken.get(2));
        assertEquals(3, migrations.migrate("core", fixed));
        assertTrue(tableExists("avatars"));
        assertEquals(List.of(1), ran("core"));
    }

    @Test
    void refusesGapsAndDuplicates() throws SQLException {
        IllegalArgumentException gap = assertThrows(IllegalArgumentException.class, () -> migrations.migrate("core",
                List.of(Migration.of(1, "a", "CREATE TABLE a (id INT)"), Migration.of(3, "c", "CREATE TABLE c (id INT)"))));
        assertTrue(gap.getMessage().contains("version 2 is missing"), gap.getMessage());

        IllegalArgumentException twice = assertThrows(IllegalArgumentException.class, () -> migrations.migrate("core",
                List.of(Migration.of(1, "a", "CREATE TABLE a (id INT)"), Migration.of(1, "b", "CREATE TABLE b (id INT)"))));
        assertTrue(twice.getMessage().contains("version 1 appears twice"), twice.getMessage());

        assertThrows(IllegalArgumentException.class, () -> migrations.migrate("core",
                List.of(Migration.of(2, "b", "CREATE TABLE b (id INT)"))));
        assertThrows(IllegalArgumentException.class, () -> migrations.migrate(" ", steps("core", 1)));

        assertEquals(0, migrations.version("core"));
        assertFalse(tableExists("a"), "nothing runs when the list is wrong");
    }

    @Test
    void databaseNewerThanTheCodeIsRefusedAndLeftAlone() throws SQLException {
        migrations.migrate("core", steps("core", 3));
        SQLException refused = assertThrows(SQLException.class, () -> migrations.migrate("core", steps("core", 2)));
        assertTrue(refused.getMessage().contains("module core"), refused.getMessage());
        assertTrue(refused.getMessage().contains("version 3"), refused.getMessage());
        assertTrue(refused.getMessage().contains("version 2"), refused.getMessage());
        assertEquals(DerbySchemaMigrations.NEWER_SCHEMA, refused.getSQLState());
        assertEquals(List.of(1, 2, 3), ran("core"));
        assertEquals(3, migrations.version("core"));
        // another module is not affected
        assertEquals(1, migrations.migrate("other", steps("other", 1)));
    }

    @Test
    void upToDateListReportsTheRecordedVersion() throws SQLException {
        assertEquals(0, migrations.migrate("core", List.of()));
        migrations.migrate("core", steps("core", 2));
        assertEquals(2, migrations.migrate("core", steps("core", 2)));
    }

    @Test
    void concurrentCallersApplyEachStepOnce() throws Exception {
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<int[]>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                String own = "plugin" + t;
                Callable<int[]> call = () -> {
                    start.await();
                    // everybody races for the shared module, and each also brings its own
                    int shared = migrations.migrate("shared", steps("shared", 5));
                    int mine = migrations.migrate(own, steps(own, 2));
                    return new int[] {shared, mine};
                };
                results.add(pool.submit(call));
            }
            start.countDown();
            for (Future<int[]> f : results) {
                int[] versions = f.get(60, TimeUnit.SECONDS);
                assertEquals(5, versions[0]);
                assertEquals(2, versions[1]);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(1, 2, 3, 4, 5), ran("shared"));
        for (int t = 0; t < threads; t++) {
            assertEquals(List.of(1, 2), ran("plugin" + t));
        }
        assertEquals(List.of(5 + 2 * threads),
                ints("SELECT COUNT(*) FROM " + DerbySchemaMigrations.TABLE));
    }

    @Test
    void twoInstancesOnOneDatabaseDoNotApplyTwice() throws Exception {
        // a second instance has its own JVM lock; the table lock and primary key still hold
        DerbySchemaMigrations other = new DerbySchemaMigrations(db.dataSource());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch start = new CountDownLatch(1);
            Future<Integer> a = pool.submit(() -> {
                start.await();
                return migrations.migrate("shared", steps("shared", 20));
            });
            Future<Integer> b = pool.submit(() -> {
                start.await();
                return other.migrate("shared", steps("shared", 20));
            });
            start.countDown();
            assertEquals(20, a.get(60, TimeUnit.SECONDS));
            assertEquals(20, b.get(60, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
        List<Integer> expected = new ArrayList<>();
        for (int v = 1; v <= 20; v++) {
            expected.add(v);
        }
        assertEquals(expected, ran("shared"));
    }
}
