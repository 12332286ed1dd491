package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.magpie.server.api.storage.Jdbc;

/** The {@code offline_messages} table: messages waiting for an offline user (XEP-0160), in arrival order. */
final class OfflineStore {

    /** A waiting offline message. */
    record Offline(long id, String stanza) {
    }

    private final Jdbc db;
    private final GroupCommit batches;

    OfflineStore(Jdbc db, GroupCommit batches) {
        this.db = db;
        this.batches = batches;
    }

    static int count(Connection c, String owner) throws SQLException {
        return Jdbc.queryFirst(c, "SELECT COUNT(*) FROM offline_messages WHERE owner = ?", rs -> rs.getInt(1), owner).orElse(0);
    }

    static void store(Connection c, long id, String owner, String sender, String stanza) throws SQLException {
        Jdbc.update(c, "INSERT INTO offline_messages (id, owner, sender, stanza, stamp) VALUES (?, ?, ?, ?, ?)",
                id, owner, sender, stanza, Ids.instant(id));
    }

    /** {@link #store}, unless a message of that id already waits (then false). */
    static boolean storeIfAbsent(Connection c, long id, String owner, String sender, String stanza) throws SQLException {
        if (Jdbc.queryFirst(c, "SELECT 1 FROM offline_messages WHERE id = ?", rs -> true, id).isPresent()) {
            return false;
        }
        store(c, id, owner, sender, stanza);
        return true;
    }

    /** The owner's waiting messages, oldest first. */
    List<Offline> waiting(String owner) {
        return db.query("SELECT id, stanza FROM offline_messages WHERE owner = ? ORDER BY id",
                rs -> new Offline(rs.getLong(1), rs.getString(2)), owner);
    }

    int count(String owner) {
        return db.withConnection("count offline messages", c -> count(c, owner));
    }

    /** Deletes delivered offline messages, in the group-commit writer (not on the calling thread). */
    CompletableFuture<Void> deleteLater(String owner, List<Long> ids) {
        if (ids.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return batches.submit((c, inbox) -> {
            delete(c, owner, ids);
            return null;
        });
    }

    /** Deletes delivered offline messages. */
    void delete(String owner, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        db.transaction("delete offline messages of " + owner, c -> {
            delete(c, owner, ids);
            return null;
        });
    }

    private static void delete(Connection c, String owner, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM offline_messages WHERE owner = ? AND id = ?")) {
            for (long id : ids) {
                Jdbc.bind(ps, owner, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }
}
