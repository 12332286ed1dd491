package org.magpie.plugin.blocking.internal;

import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/**
 * The table {@code blocked}: one row per blocked address of an owner (a bare JID of this server).
 * SQL failures are the api's unchecked {@code StorageException}.
 */
final class BlocklistStore {

    static final String MODULE = "blocking";
    /** The longest address kept (a column of the primary key); longer ones are refused. */
    static final int MAX_JID_LENGTH = 1024;

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "blocked addresses per owner",
            """
            CREATE TABLE blocked (
              owner VARCHAR(512) NOT NULL,
              jid VARCHAR(1024) NOT NULL,
              PRIMARY KEY (owner, jid))"""));

    private final Jdbc db;

    BlocklistStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.db = new Jdbc(dataSource);
        migrations.migrate(MODULE, MIGRATIONS);
    }

    List<String> list(String owner) {
        return db.query("SELECT jid FROM blocked WHERE owner = ? ORDER BY jid", rs -> rs.getString(1), owner);
    }

    /** Adds the addresses not there yet, in one transaction. */
    void add(String owner, Collection<String> jids) {
        db.transaction("block", c -> {
            for (String jid : jids) {
                if (Jdbc.queryFirst(c, "SELECT 1 FROM blocked WHERE owner = ? AND jid = ?", rs -> 1, owner, jid).isEmpty()) {
                    Jdbc.update(c, "INSERT INTO blocked (owner, jid) VALUES (?, ?)", owner, jid);
                }
            }
            return null;
        });
    }

    void remove(String owner, Collection<String> jids) {
        db.transaction("unblock", c -> {
            for (String jid : jids) {
                Jdbc.update(c, "DELETE FROM blocked WHERE owner = ? AND jid = ?", owner, jid);
            }
            return null;
        });
    }

    void removeAll(String owner) {
        db.update("DELETE FROM blocked WHERE owner = ?", owner);
    }
}
