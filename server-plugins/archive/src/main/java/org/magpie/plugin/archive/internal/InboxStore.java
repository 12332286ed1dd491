package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import org.magpie.server.api.storage.Jdbc;

/** The {@code inbox} table: per user and conversation the unread count and the last message. */
final class InboxStore {

    private static final String DUPLICATE_KEY = "23505";

    /** One conversation of a user's inbox with its last message. */
    record InboxEntry(String peer, String kind, int unread, long lastId, String sender, String senderNick, String body) {
    }

    private final Jdbc db;

    InboxStore(Jdbc db) {
        this.db = db;
    }

    /** {@code unread} more unread messages in the owner's conversation with the peer, the newest being {@code id}. */
    static void messages(Connection c, String owner, String peer, String kind, long id, int unread) throws SQLException {
        if (update(c, owner, peer, id, unread)) {
            return;
        }
        try {
            Jdbc.update(c, "INSERT INTO inbox (owner, peer, kind, unread, last_id) VALUES (?, ?, ?, ?, ?)",
                    owner, peer, kind, unread, id);
        } catch (SQLException e) {
            // the other party's message made the row first; Derby undoes only the failed statement
            if (!DUPLICATE_KEY.equals(e.getSQLState()) || !update(c, owner, peer, id, unread)) {
                throw e;
            }
        }
    }

    private static boolean update(Connection c, String owner, String peer, long id, int unread) throws SQLException {
        return Jdbc.update(c, "UPDATE inbox SET unread = unread + ?, last_id = CASE WHEN last_id < ? THEN ? ELSE last_id END "
                + "WHERE owner = ? AND peer = ?", unread, id, id, owner, peer) > 0;
    }

    /** Marks the conversation read; false when the owner has no such conversation or it was read. */
    boolean read(String owner, String peer) {
        return db.update("UPDATE inbox SET unread = 0 WHERE owner = ? AND peer = ? AND unread <> 0", owner, peer) > 0;
    }

    /** The owner's conversations, latest activity first. */
    List<InboxEntry> entries(String owner) {
        return db.query("SELECT i.peer, i.kind, i.unread, i.last_id, h.sender, h.sender_nick, h.body FROM inbox i "
                + "LEFT OUTER JOIN chat_history h ON h.id = i.last_id WHERE i.owner = ? ORDER BY i.last_id DESC",
                rs -> new InboxEntry(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4), rs.getString(5),
                        rs.getString(6), rs.getString(7)), owner);
    }
}
