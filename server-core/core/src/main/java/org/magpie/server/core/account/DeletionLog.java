package org.magpie.server.core.account;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Migration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable list of deleted accounts ({@code account_deletions}, in deletion order) and how far
 * each plugin module has forgotten them ({@code account_cleanups}). A plugin that was switched off
 * when an account went catches up when it starts; one that was on catches up when it hears of it.
 */
final class DeletionLog {

    private static final Logger LOG = LoggerFactory.getLogger(DeletionLog.class);

    static final Migration MIGRATION = Migration.of(2, "deleted accounts, so plugins switched off at the time forget them later",
            """
            CREATE TABLE account_deletions (
              seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
              username VARCHAR(64) NOT NULL,
              deleted TIMESTAMP NOT NULL)""",
            "CREATE TABLE account_cleanups (module VARCHAR(128) NOT NULL PRIMARY KEY, done_seq BIGINT NOT NULL)");

    private final DataSource dataSource;
    private final Map<String, Object> modules = new ConcurrentHashMap<>();

    DeletionLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records a deletion, inside the transaction that deletes the account. */
    static void record(Connection c, String username, Instant when) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO account_deletions (username, deleted) VALUES (?, ?)")) {
            ps.setString(1, username);
            ps.setTimestamp(2, Timestamp.from(when));
            ps.executeUpdate();
        }
    }

    private record Deleted(long seq, String username) {
    }

    int catchUp(String module, Consumer<String> forget) {
        if (module == null || module.isBlank() || module.length() > 128) {
            throw new IllegalArgumentException("module name must be 1..128 characters: " + module);
        }
        synchronized (modules.computeIfAbsent(module, m -> new Object())) {
            List<Deleted> pending;
            try {
                pending = pending(module);
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the deleted accounts for " + module + ": " + e.getMessage(), e);
            }
            int done = 0;
            for (Deleted d : pending) {
                try {
                    forget.accept(d.username());
                } catch (RuntimeException e) {
                    LOG.error("{} could not forget deleted account {} (tried again when it next catches up)", module,
                            d.username(), e);
                    break;
                }
                try {
                    done(module, d.seq());
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot record that " + module + " forgot " + d.username(), e);
                }
                done++;
            }
            if (done > 0) {
                LOG.info("{} forgot {} deleted accounts", module, done);
            }
            return done;
        }
    }

    private List<Deleted> pending(String module) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT d.seq, d.username FROM account_deletions d WHERE d.seq > "
                     + "COALESCE((SELECT done_seq FROM account_cleanups WHERE module = ?), 0) ORDER BY d.seq")) {
            ps.setString(1, module);
            List<Deleted> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Deleted(rs.getLong(1), rs.getString(2)));
                }
            }
            return result;
        }
    }

    private void done(String module, long seq) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("UPDATE account_cleanups SET done_seq = ? WHERE module = ?")) {
                ps.setLong(1, seq);
                ps.setString(2, module);
                if (ps.executeUpdate() > 0) {
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO account_cleanups (module, done_seq) VALUES (?, ?)")) {
                ps.setString(1, module);
                ps.setLong(2, seq);
                ps.executeUpdate();
            }
        }
    }
}
