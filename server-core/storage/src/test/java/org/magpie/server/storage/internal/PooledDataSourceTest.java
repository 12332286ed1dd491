package org.magpie.server.storage.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PooledDataSourceTest {

    @TempDir
    Path dir;

    private DerbyDatabase db;
    private PooledDataSource pool;

    @BeforeEach
    void open() throws SQLException {
        db = new DerbyDatabase(dir.resolve("db"), 4);
        pool = db.pool();
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE t (id INT)");
            s.execute("CREATE SCHEMA other");
        }
    }

    @AfterEach
    void close() {
        db.close();
    }

    @AfterAll
    static void engineDown() {
        DerbyDatabase.shutdownEngine();
    }

    @Test
    void reusedConnectionStartsClean() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            c.setReadOnly(true);
            s.execute("SET SCHEMA other");
            c.commit();
        }
        assertEquals(1, pool.idleCount());
        try (Connection c = pool.getConnection()) {
            assertEquals(0, pool.idleCount(), "the idle connection was reused");
            assertTrue(c.getAutoCommit());
            assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
            assertEquals(false, c.isReadOnly());
            assertEquals("APP", c.getSchema());
        }
    }

    @Test
    void uncommittedWorkIsNotHandedOn() throws SQLException {
        Connection c = pool.getConnection();
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO t VALUES (1)");
        }
        // as with a plain Derby connection, closing in the middle of a transaction is refused...
        SQLException e = assertThrows(SQLException.class, c::close);
        assertEquals("25001", e.getSQLState());
        c.rollback();
        c.close();
        // ...and what was rolled back stays rolled back
        try (Connection next = pool.getConnection(); Statement s = next.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertEquals(0, rs.getInt(1));
        }
    }

    @Test
    void keepsAtMostMaxIdleAndNeverBlocks() throws SQLException {
        List<Connection> busy = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            busy.add(pool.getConnection()); // more than maxIdle at once is fine
        }
        for (Connection c : busy) {
            c.close();
        }
        assertEquals(4, pool.idleCount());

        pool.setMaxIdle(1);
        assertEquals(1, pool.idleCount());
        pool.setMaxIdle(0);
        assertEquals(0, pool.idleCount());
        try (Connection c = pool.getConnection()) {
            assertTrue(c.isValid(1));
        }
        assertEquals(0, pool.idleCount());
    }

    @Test
    void closedPoolRefusesAndClosesLateReturns() throws SQLException {
        Connection borrowed = pool.getConnection();
        pool.close();
        SQLException e = assertThrows(SQLException.class, pool::getConnection);
        assertEquals("08003", e.getSQLState());
        borrowed.close();
        assertEquals(0, pool.idleCount());
    }
}
