package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

import org.magpie.server.api.storage.Jdbc;

/**
 * The {@code chat_history} table: one row per archived message (see {@link ArchiveStore} for its
 * columns), and the pages of history queries, each walking one index range in id order.
 */
final class HistoryStore {

    /**
     * The rows a viewer may read: not those whose side of them is gone (parameters: viewer, viewer). A
     * row's {@code gone} is {@code -} when both parties see it, {@code s} when the sender's account was
     * deleted, {@code r} the recipient's; the side that is gone no longer sees it, so a new account of
     * the same name reads none of it. When both are gone the row goes.
     */
    private static final String VISIBLE = " AND NOT (gone = 's' AND sender = ?) AND NOT (gone = 'r' AND recipient = ?)";

    /** A message to archive. */
    record Entry(long id, String conversation, String kind, String sender, String senderNick, String recipient,
            String body, String stanza) {
    }

    /** An archived message as a history query returns it. */
    record Stored(long id, String stanza) {
    }

    /**
     * One page of a history query: ids in {@code [low, high]}, the first {@code limit} rows from the
     * low end ({@code forward}) or the high end.
     */
    record Range(long low, long high, boolean forward, int limit) {
    }

    private final Jdbc db;

    HistoryStore(Jdbc db) {
        this.db = db;
    }

    static void archive(Connection c, Entry e) throws SQLException {
        Jdbc.update(c, "INSERT INTO chat_history (id, conversation, kind, sender, sender_nick, recipient, body, stanza, stamp) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", e.id(), e.conversation(), e.kind(), e.sender(), e.senderNick(),
                e.recipient(), e.body(), e.stanza(), Ids.instant(e.id()));
    }

    /** A page of one conversation (a pair key or a room JID), in ascending id order. */
    List<Stored> conversation(String conversation, Range range) {
        return db.withConnection("archive query", c -> page(c, "conversation = ?", List.of(conversation), range));
    }

    /** A page of one conversation as {@code viewer} sees it (without rows whose viewer's side is gone). */
    List<Stored> conversation(String conversation, String viewer, Range range) {
        return db.withConnection("archive query",
                c -> page(c, "conversation = ?" + VISIBLE, List.of(conversation, viewer, viewer), range));
    }

    /** A page of a user's one-to-one archive (sent and received), in ascending id order. */
    List<Stored> personal(String owner, Range range) {
        return db.withConnection("archive query", c -> {
            List<Stored> all = new ArrayList<>(page(c, "sender = ? AND kind = 'c' AND gone <> 's'", List.of(owner), range));
            all.addAll(page(c, "recipient = ? AND kind = 'c' AND sender <> ? AND gone <> 'r'", List.of(owner, owner), range));
            all.sort(Comparator.comparingLong(Stored::id));
            if (all.size() > range.limit()) {
                all = range.forward() ? all.subList(0, range.limit()) : all.subList(all.size() - range.limit(), all.size());
            }
            return List.copyOf(all);
        });
    }

    private static List<Stored> page(Connection c, String where, List<String> params, Range range) throws SQLException {
        String sql = "SELECT id, stanza FROM chat_history WHERE " + where + " AND id >= ? AND id <= ? ORDER BY id "
                + (range.forward() ? "ASC" : "DESC") + " FETCH FIRST " + range.limit() + " ROWS ONLY";
        List<Object> bound = new ArrayList<>(params);
        bound.add(range.low());
        bound.add(range.high());
        List<Stored> result = new ArrayList<>(Jdbc.query(c, sql, rs -> new Stored(rs.getLong(1), rs.getString(2)),
                bound.toArray()));
        if (!range.forward()) {
            Collections.reverse(result);
        }
        return result;
    }

    /** Whether the message is in the user's one-to-one archive. */
    boolean inPersonal(String owner, long id) {
        return db.queryFirst("SELECT 1 FROM chat_history WHERE id = ? AND kind = 'c' AND (sender = ? OR recipient = ?)" + VISIBLE,
                rs -> true, id, owner, owner, owner, owner).isPresent();
    }

    /** Whether the message is in the conversation (a pair key or a room) as {@code viewer} sees it. */
    boolean inConversation(String conversation, String viewer, long id) {
        return db.queryFirst("SELECT 1 FROM chat_history WHERE id = ? AND conversation = ?" + VISIBLE,
                rs -> true, id, conversation, viewer, viewer).isPresent();
    }
}
