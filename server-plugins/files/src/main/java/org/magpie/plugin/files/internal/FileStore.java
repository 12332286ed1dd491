package org.magpie.plugin.files.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;

/**
 * The {@code files} table: one row per upload slot, found by its public slot id or by its secret
 * upload token, and {@code file_grants}: who a group's file was forwarded to. SQL failures come out
 * as unchecked {@link StorageException}s.
 */
final class FileStore {

    static final String MODULE = "files";

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "files",
            """
            CREATE TABLE files (
              slot_id VARCHAR(64) NOT NULL PRIMARY KEY,
              put_token VARCHAR(64) NOT NULL UNIQUE,
              owner VARCHAR(512) NOT NULL,
              name VARCHAR(1024) NOT NULL,
              size BIGINT NOT NULL,
              content_type VARCHAR(255) NOT NULL,
              sha256 CHAR(64),
              created TIMESTAMP NOT NULL,
              completed TIMESTAMP,
              expires TIMESTAMP,
              room VARCHAR(512),
              width INT,
              height INT,
              thumbnail_type VARCHAR(32))""",
            "CREATE INDEX files_owner ON files (owner)",
            "CREATE INDEX files_expires ON files (expires)"),
            // who a group's file was forwarded to: a user's bare JID or a group's; goes with the file
            Migration.of(2, "forwarding grants",
                    """
                    CREATE TABLE file_grants (
                      slot_id VARCHAR(64) NOT NULL REFERENCES files (slot_id) ON DELETE CASCADE,
                      grantee VARCHAR(512) NOT NULL,
                      granted_by VARCHAR(512) NOT NULL,
                      created TIMESTAMP NOT NULL,
                      PRIMARY KEY (slot_id, grantee))""",
                    "CREATE INDEX file_grants_grantee ON file_grants (grantee)"));

    /** A forward of a group's file: {@code grantee} (a user or a group) may read it from {@code created} on. */
    record Grant(String grantee, String grantedBy, Instant created) {
    }

    private static final String COLUMNS = "slot_id, put_token, owner, name, size, content_type, sha256, created, "
            + "completed, expires, room, width, height, thumbnail_type";

    private final Jdbc db;

    FileStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.db = new Jdbc(dataSource);
        migrations.migrate(MODULE, MIGRATIONS);
    }

    void insert(FileRecord f) {
        db.update("INSERT INTO files (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                f.slotId(), f.putToken(), f.owner(), f.name(), f.size(), f.contentType(), f.sha256(), f.created(),
                f.completed(), f.expires(), f.room(), f.width(), f.height(), f.thumbnailType());
    }

    Optional<FileRecord> bySlot(String slotId) {
        return db.queryFirst("SELECT " + COLUMNS + " FROM files WHERE slot_id = ?", FileStore::file, slotId);
    }

    Optional<FileRecord> byPutToken(String token) {
        return db.queryFirst("SELECT " + COLUMNS + " FROM files WHERE put_token = ?", FileStore::file, token);
    }

    void complete(FileRecord f) {
        db.update("UPDATE files SET sha256 = ?, completed = ?, expires = ?, width = ?, height = ?, thumbnail_type = ? "
                + "WHERE slot_id = ?", f.sha256(), f.completed(), f.expires(), f.width(), f.height(), f.thumbnailType(),
                f.slotId());
    }

    /** Bytes the owner's unexpired files and unfinished uploads take or will take. */
    long usage(String owner, Instant now) {
        return db.queryFirst("SELECT COALESCE(SUM(size), 0) FROM files WHERE owner = ? AND (expires IS NULL OR expires > ?)",
                rs -> rs.getLong(1), owner, now).orElse(0L);
    }

    List<FileRecord> byOwner(String owner) {
        return db.query("SELECT " + COLUMNS + " FROM files WHERE owner = ?", FileStore::file, owner);
    }

    /** Files past their expiry, and unfinished uploads started before {@code unfinishedBefore}. */
    List<FileRecord> expired(Instant now, Instant unfinishedBefore) {
        return db.query("SELECT " + COLUMNS + " FROM files WHERE expires <= ? OR (completed IS NULL AND created < ?)",
                FileStore::file, now, unfinishedBefore);
    }

    /** Removes the file's row; its grants go with it (ON DELETE CASCADE). */
    void delete(String slotId) {
        db.update("DELETE FROM files WHERE slot_id = ?", slotId);
    }

    /** Records a forward; false when the grantee had one already (the first one stays). */
    boolean grant(String slotId, String grantee, String grantedBy, Instant at) {
        try {
            return db.update("INSERT INTO file_grants (slot_id, grantee, granted_by, created) VALUES (?, ?, ?, ?)", slotId,
                    grantee, grantedBy, at) == 1;
        } catch (StorageException e) {
            if (e.getCause() instanceof SQLException sql && "23505".equals(sql.getSQLState())) {
                return false; // a duplicate key: forwarded to them before
            }
            throw e;
        }
    }

    List<Grant> grants(String slotId) {
        return db.query("SELECT grantee, granted_by, created FROM file_grants WHERE slot_id = ? ORDER BY created",
                rs -> new Grant(rs.getString(1), rs.getString(2), instant(rs.getTimestamp(3))), slotId);
    }

    /** Removes every grant to a user (the account is being removed); the number removed. */
    int deleteGrantsTo(String grantee) {
        return db.update("DELETE FROM file_grants WHERE grantee = ?", grantee);
    }

    private static FileRecord file(ResultSet rs) throws SQLException {
        return new FileRecord(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getLong(5),
                rs.getString(6), rs.getString(7), instant(rs.getTimestamp(8)), instant(rs.getTimestamp(9)),
                instant(rs.getTimestamp(10)), rs.getString(11), (Integer) rs.getObject(12), (Integer) rs.getObject(13),
                rs.getString(14));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
