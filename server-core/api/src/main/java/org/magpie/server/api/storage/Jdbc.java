package org.magpie.server.api.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The few JDBC moves every store makes, with statements closed and failures turned into
 * {@link StorageException}s naming what was being done. Parameters are bound by type: null, Long,
 * Integer, Boolean, Instant and Timestamp, byte arrays, and anything else as its string.
 *
 * <pre>{@code
 * Jdbc db = new Jdbc(dataSource);
 * List<String> names = db.query("SELECT name FROM rooms WHERE owner = ?", rs -> rs.getString(1), owner);
 * db.update("DELETE FROM rooms WHERE number = ?", number);
 * }</pre>
 */
public final class Jdbc {

    /** Reads one row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Work done on one connection, e.g. in a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource dataSource;

    public Jdbc(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every row of a query. */
    public <T> List<T> query(String sql, Row<T> row, Object... params) {
        return withConnection("query " + sql, c -> query(c, sql, row, params));
    }

    /** The first row of a query, if any. */
    public <T> Optional<T> queryFirst(String sql, Row<T> row, Object... params) {
        return withConnection("query " + sql, c -> queryFirst(c, sql, row, params));
    }

    /** Runs an INSERT, UPDATE or DELETE; the number of rows changed. */
    public int update(String sql, Object... params) {
        return withConnection("update " + sql, c -> update(c, sql, params));
    }

    /** Runs {@code work} on one connection with auto-commit on. */
    public <T> T withConnection(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException(what, e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T transaction(String what, Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StorageException(what, e);
        }
    }

    public static <T> List<T> query(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(row.read(rs));
                }
            }
            return result;
        }
    }

    public static <T> Optional<T> queryFirst(Connection c, String sql, Row<T> row, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            ps.setMaxRows(1);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.ofNullable(row.read(rs)) : Optional.empty();
            }
        }
    }

    public static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        }
    }

    /** Sets the statement's parameters in order, by their Java type. */
    public static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            int index = i + 1;
            switch (params[i]) {
                case null -> ps.setNull(index, ps.getParameterMetaData().getParameterType(index));
                case Long l -> ps.setLong(index, l);
                case Integer n -> ps.setInt(index, n);
                case Boolean b -> ps.setBoolean(index, b);
                case Instant t -> ps.setTimestamp(index, Timestamp.from(t));
                case Timestamp t -> ps.setTimestamp(index, t);
                case byte[] bytes -> ps.setBytes(index, bytes);
                default -> ps.setString(index, params[i].toString());
            }
        }
    }
}
