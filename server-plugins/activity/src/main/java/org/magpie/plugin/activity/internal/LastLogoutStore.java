package org.magpie.plugin.activity.internal;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/** The table {@code last_logout}: when each account's last session ended (a bare JID of this server). */
final class LastLogoutStore {

    static final String MODULE = "activity";

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "the last logout of each account",
            """
            CREATE TABLE last_logout (
              account VARCHAR(512) NOT NULL PRIMARY KEY,
              logout TIMESTAMP NOT NULL)"""));

    private final Jdbc db;

    LastLogoutStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.db = new Jdbc(dataSource);
        migrations.migrate(MODULE, MIGRATIONS);
    }

    void loggedOut(String account, Instant when) {
        Timestamp t = Timestamp.from(when);
        if (db.update("UPDATE last_logout SET logout = ? WHERE account = ?", t, account) == 0) {
            db.update("INSERT INTO last_logout (account, logout) VALUES (?, ?)", account, t);
        }
    }

    Optional<Instant> lastLogout(String account) {
        return db.queryFirst("SELECT logout FROM last_logout WHERE account = ?", rs -> rs.getTimestamp(1).toInstant(), account);
    }

    void forget(String account) {
        db.update("DELETE FROM last_logout WHERE account = ?", account);
    }
}
