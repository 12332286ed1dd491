package org.magpie.server.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pool of {@link DerbyDatabase}: its cap, its wait, and connections handed on clean. */
class ConnectionPoolTest {

    private static final Duration SHORT_WAIT = PoolSettings.SHORTEST_TIMEOUT;

    @TempDir
    Path dir;

    private DerbyDatabase db;

    private DataSource open(int size, Duration timeout) throws SQLException {
        db = new DerbyDatabase(dir.resolve("db"), new PoolSettings(size, timeout));
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
            s.execute("CREATE SCHEMA other");
        }
        return db.dataSource();
    }

    @AfterEach
    void close() {
        if (db != null) {
            db.close();
        }
    }

    @AfterAll
    static void engineDown() {
        DerbyDatabase.shutdownEngine();
    }

    @Test
    void reusedConnectionStartsClean() throws SQLException {
        DataSource pool = open(1, SHORT_WAIT); // one connection: the next borrower gets the same one
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            c.setSchema("OTHER");
            c.commit();
        }
        try (Connection c = pool.getConnection()) {
            assertTrue(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertFalse(c.isReadOnly());
            assertEquals("APP", c.getSchema());
        }
    }

    @Test
    void uncommittedWorkIsRolledBackOnClose() throws SQLException {
        DataSource pool = open(1, SHORT_WAIT);
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate("INSERT INTO t VALUES (1)");
        } // closed in the middle of the transaction
        try (Connection next = pool.getConnection(); Statement s = next.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void atTheCapACallerWaitsAndThenFails() throws SQLException {
        DataSource pool = open(2, SHORT_WAIT);
        try (Connection a = pool.getConnection(); Connection b = pool.getConnection()) {
            long start = System.nanoTime();
            SQLException e = assertThrows(SQLException.class, pool::getConnection);
            long waitedMillis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(waitedMillis >= SHORT_WAIT.toMillis() - 10, "waited only " + waitedMillis + " ms");
            assertTrue(e.getMessage().contains(DerbyDatabase.POOL_NAME) && e.getMessage().contains("timed out"),
                    e.getMessage());
            assertTrue(a.isValid(1) && b.isValid(1), "the borrowed connections are untouched");
        }
        try (Connection c = pool.getConnection()) {
            assertTrue(c.isValid(1), "a returned connection serves the next caller");
        }
    }

    @Test
    void aWaitingCallerGetsTheConnectionThatComesBack() throws Exception {
        DataSource pool = open(1, Duration.ofSeconds(10));
        Connection held = pool.getConnection();
        HikariPoolMXBean figures = ((HikariDataSource) pool).getHikariPoolMXBean();
        Thread giver = Thread.ofVirtual().start(() -> {
            try {
                // give it back only once the caller below is waiting for it, however long that takes to happen
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (figures.getThreadsAwaitingConnection() == 0 && System.nanoTime() < deadline) {
                    Thread.sleep(5); // a poll's pace
                }
                held.close();
            } catch (InterruptedException | SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        try (Connection c = pool.getConnection()) {
            assertTrue(c.isValid(1));
        }
        giver.join();
    }

    @Test
    void aLargerCapTakesEffectAtOnce() throws SQLException {
        DataSource pool = open(1, SHORT_WAIT);
        try (Connection a = pool.getConnection()) {
            assertThrows(SQLException.class, pool::getConnection);
            db.resize(new PoolSettings(2, SHORT_WAIT));
            try (Connection b = pool.getConnection()) {
                assertTrue(b.isValid(1));
            }
        }
    }

    @Test
    void closedPoolRefuses() throws SQLException {
        DataSource pool = open(2, SHORT_WAIT);
        Connection borrowed = pool.getConnection();
        db.close();
        db = null;
        assertThrows(SQLException.class, pool::getConnection);
        // the database is shut down after the pool: what a plugin still holds fails, it cannot write on
        assertThrows(SQLException.class, () -> borrowed.createStatement().execute("VALUES 1"));
        borrowed.close(); // and giving it back late is harmless
    }

    @Test
    void settingsRefuseNoConnectionsAndTooShortAWait() {
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(0, SHORT_WAIT));
        assertThrows(IllegalArgumentException.class, () -> new PoolSettings(1, Duration.ofMillis(10)));
    }
}
