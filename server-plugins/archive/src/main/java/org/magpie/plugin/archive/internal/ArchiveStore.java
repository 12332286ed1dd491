package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/**
 * The archive plugin's tables.
 * <ul>
 * <li>{@code chat_history}: one row per archived message. {@code kind} is {@code c} for one-to-one
 *     messages ({@code conversation} is the two bare JIDs in order, separated by a space, so both
 *     parties' archives share the row) and {@code g} for group messages ({@code conversation} and
 *     {@code recipient} are the room's JID, {@code sender} the author's bare JID, {@code sender_nick}
 *     the author's nickname in the room). {@code id} comes from {@link Ids}: it orders the archive
 *     and encodes the arrival time, also kept readable in {@code stamp}.</li>
 * <li>{@code offline_messages}: messages waiting for an offline user (XEP-0160), in arrival order.</li>
 * <li>{@code inbox}: per user and conversation the unread count and the last message.</li>
 * </ul>
 * The indexes let every history query walk one index range in id order: by conversation (with a
 * {@code with} filter, or a room), by sender and by recipient (a user's whole archive).
 * SQL failures come out as unchecked {@link StorageException}s.
 */
final class ArchiveStore {

    static final String MODULE = "archive";

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "chat history, offline messages, inbox",
            """
            CREATE TABLE chat_history (
              id BIGINT NOT NULL PRIMARY KEY,
              conversation VARCHAR(1030) NOT NULL,
              kind CHAR(1) NOT NULL,
              sender VARCHAR(512) NOT NULL,
              sender_nick VARCHAR(1024),
              recipient VARCHAR(512) NOT NULL,
              body CLOB,
              stanza CLOB NOT NULL,
              stamp TIMESTAMP NOT NULL)""",
            "CREATE INDEX chat_history_conversation ON chat_history (conversation, id)",
            "CREATE INDEX chat_history_sender ON chat_history (sender, kind, id)",
            "CREATE INDEX chat_history_recipient ON chat_history (recipient, kind, id)",
            """
            CREATE TABLE offline_messages (
              id BIGINT NOT NULL PRIMARY KEY,
              owner VARCHAR(512) NOT NULL,
              stanza CLOB NOT NULL,
              stamp TIMESTAMP NOT NULL)""",
            "CREATE INDEX offline_messages_owner ON offline_messages (owner, id)",
            """
            CREATE TABLE inbox (
              owner VARCHAR(512) NOT NULL,
              peer VARCHAR(512) NOT NULL,
              kind CHAR(1) NOT NULL,
              unread INT NOT NULL,
              last_id BIGINT NOT NULL,
              PRIMARY KEY (owner, peer))""",
            "CREATE INDEX inbox_peer ON inbox (peer)"),
            Migration.of(2, "offline messages know their sender, so a removed account's waiting messages go with it",
                    "ALTER TABLE offline_messages ADD COLUMN sender VARCHAR(512)",
                    "CREATE INDEX offline_messages_sender ON offline_messages (sender)"),
            Migration.of(3, "XEP-0313 preferences: an account's default archiving mode",
                    "CREATE TABLE archive_prefs (owner VARCHAR(512) NOT NULL PRIMARY KEY, default_mode VARCHAR(6) NOT NULL)"),
            Migration.of(4, "a deleted account's side of a one-to-one message is hidden, the other party keeps the row",
                    "ALTER TABLE chat_history ADD COLUMN gone CHAR(1) NOT NULL DEFAULT '-'"));

    /**
     * A row's {@code gone}: {@code -} both parties see it; {@link #SENDER_GONE} the sender's account was
     * deleted, {@link #RECIPIENT_GONE} the recipient's; the side that is gone no longer sees it, so a new
     * account of the same name reads none of it. When both are gone the row goes.
     */
    static final String SENDER_GONE = "s";
    static final String RECIPIENT_GONE = "r";
    /** The rows a viewer may read: not those whose side of them is gone (parameters: viewer, viewer). */
    private static final String VISIBLE = " AND NOT (gone = 's' AND sender = ?) AND NOT (gone = 'r' AND recipient = ?)";

    static final String CHAT = "c";
    static final String GROUP = "g";

    /** A message to archive. */
    record Entry(long id, String conversation, String kind, String sender, String senderNick, String recipient,
            String body, String stanza) {
    }

    /** An archived message as a history query returns it. */
    record Stored(long id, String stanza) {
    }

    /** A waiting offline message. */
    record Offline(long id, String stanza) {
    }

    /** One conversation of a user's inbox with its last message. */
    record InboxEntry(String peer, String kind, int unread, long lastId, String sender, String senderNick, String body) {
    }

    /**
     * One page of a history query: ids in {@code [low, high]}, the first {@code limit} rows from the
     * low end ({@code forward}) or the high end.
     */
    record Range(long low, long high, boolean forward, int limit) {
    }

    /** A database failure. */
    static final class StorageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StorageException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    /** Work inside one transaction. */
    interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    /** Work of the message path: inbox changes go to {@code inbox}, written once for the whole batch. */
    interface BatchWork<T> {
        T run(Connection c, InboxChanges inbox) throws SQLException;
    }

    /**
     * Inbox changes merged per conversation: a batch of a thousand messages between fifty pairs
     * updates a hundred rows once each instead of two rows per message. Written in (owner, peer)
     * order, so concurrent writers cannot deadlock.
     */
    static final class InboxChanges {

        private static final class Change {
            final String kind;
            int unread;
            long last;

            Change(String kind) {
                this.kind = kind;
            }
        }

        private final java.util.TreeMap<String, java.util.TreeMap<String, Change>> byOwner = new java.util.TreeMap<>();

        void message(String owner, String peer, String kind, long id, boolean unread) {
            Change change = byOwner.computeIfAbsent(owner, o -> new java.util.TreeMap<>()).computeIfAbsent(peer, p -> new Change(kind));
            change.unread += unread ? 1 : 0;
            change.last = Math.max(change.last, id);
        }

        void addAll(InboxChanges other) {
            other.byOwner.forEach((owner, peers) -> peers.forEach((peer, c) -> {
                Change change = byOwner.computeIfAbsent(owner, o -> new java.util.TreeMap<>()).computeIfAbsent(peer, p -> new Change(c.kind));
                change.unread += c.unread;
                change.last = Math.max(change.last, c.last);
            }));
        }

        void write(Connection c) throws SQLException {
            for (var owner : byOwner.entrySet()) {
                for (var peer : owner.getValue().entrySet()) {
                    Change change = peer.getValue();
                    inboxMessages(c, owner.getKey(), peer.getKey(), change.kind, change.last, change.unread);
                }
            }
        }
    }

    private final DataSource dataSource;
    private final GroupCommit batches;

    ArchiveStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.dataSource = dataSource;
        this.batches = new GroupCommit(dataSource);
        migrations.migrate(MODULE, MIGRATIONS);
    }

    /**
     * Runs {@code work} in a transaction shared with the writes other threads make at the same time
     * (group commit): durable when it returns, for the message path where one flush per message
     * would be the limit. A failing write is undone alone.
     */
    <T> T batched(BatchWork<T> work) {
        return batches.run(work);
    }

    /** {@link #batched} without waiting: completes (on the writer thread) once the write is durable. */
    <T> java.util.concurrent.CompletableFuture<T> batchedLater(BatchWork<T> work) {
        return batches.submit(work);
    }

    void close() {
        batches.close();
    }

    /** The conversation key of two accounts, the same from both sides. */
    static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    /** The largest id in use, so that new ids start above it after a restart. */
    long largestId() {
        return read(c -> {
            long max = 0;
            for (String table : List.of("chat_history", "offline_messages")) {
                try (PreparedStatement ps = c.prepareStatement("SELECT MAX(id) FROM " + table);
                     ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        max = Math.max(max, rs.getLong(1));
                    }
                }
            }
            return max;
        });
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("archive transaction failed", e);
        }
    }

    private <T> T read(Work<T> work) {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        } catch (SQLException e) {
            throw new StorageException("archive query failed", e);
        }
    }

    // ---------------------------------------------------------------- history

    static void archive(Connection c, Entry e) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO chat_history (id, conversation, kind, sender, "
                + "sender_nick, recipient, body, stanza, stamp) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, e.id());
            ps.setString(2, e.conversation());
            ps.setString(3, e.kind());
            ps.setString(4, e.sender());
            ps.setString(5, e.senderNick());
            ps.setString(6, e.recipient());
            ps.setString(7, e.body());
            ps.setString(8, e.stanza());
            ps.setTimestamp(9, Timestamp.from(Ids.instant(e.id())));
            ps.executeUpdate();
        }
    }

    /** A page of one conversation (a pair key or a room JID), in ascending id order. */
    List<Stored> conversation(String conversation, Range range) {
        return read(c -> page(c, "conversation = ?", List.of(conversation), range));
    }

    /** A page of one conversation as {@code viewer} sees it (without rows whose viewer's side is gone). */
    List<Stored> conversation(String conversation, String viewer, Range range) {
        return read(c -> page(c, "conversation = ?" + VISIBLE, List.of(conversation, viewer, viewer), range));
    }

    /** A page of a user's one-to-one archive (sent and received), in ascending id order. */
    List<Stored> personal(String owner, Range range) {
        return read(c -> {
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
        List<Stored> result = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            for (String p : params) {
                ps.setString(i++, p);
            }
            ps.setLong(i++, range.low());
            ps.setLong(i, range.high());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(new Stored(rs.getLong(1), rs.getString(2)));
                }
            }
        }
        if (!range.forward()) {
            java.util.Collections.reverse(result);
        }
        return result;
    }

    /** Whether the message is in the user's one-to-one archive. */
    boolean inPersonal(String owner, long id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT 1 FROM chat_history WHERE id = ? AND kind = 'c' AND (sender = ? OR recipient = ?)" + VISIBLE)) {
                ps.setLong(1, id);
                ps.setString(2, owner);
                ps.setString(3, owner);
                ps.setString(4, owner);
                ps.setString(5, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    /** Whether the message is in the conversation (a pair key or a room) as {@code viewer} sees it. */
    boolean inConversation(String conversation, String viewer, long id) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM chat_history WHERE id = ? AND conversation = ?"
                    + VISIBLE)) {
                ps.setLong(1, id);
                ps.setString(2, conversation);
                ps.setString(3, viewer);
                ps.setString(4, viewer);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next();
                }
            }
        });
    }

    // ---------------------------------------------------------------- inbox

    /** The owner's conversation got a message: the last message, and one more unread when {@code unread}. */
    static void inboxMessage(Connection c, String owner, String peer, String kind, long id, boolean unread)
            throws SQLException {
        inboxMessages(c, owner, peer, kind, id, unread ? 1 : 0);
    }

    /** {@code unread} more unread messages in the owner's conversation with the peer, the newest being {@code id}. */
    private static void inboxMessages(Connection c, String owner, String peer, String kind, long id, int unread)
            throws SQLException {
        if (inboxUpdate(c, owner, peer, id, unread)) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO inbox (owner, peer, kind, unread, last_id) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, owner);
            ps.setString(2, peer);
            ps.setString(3, kind);
            ps.setInt(4, unread);
            ps.setLong(5, id);
            ps.executeUpdate();
        } catch (SQLException e) {
            // the other party's message made the row first; Derby undoes only the failed statement
            if (!DUPLICATE_KEY.equals(e.getSQLState()) || !inboxUpdate(c, owner, peer, id, unread)) {
                throw e;
            }
        }
    }

    private static final String DUPLICATE_KEY = "23505";

    private static boolean inboxUpdate(Connection c, String owner, String peer, long id, int unread)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE inbox SET unread = unread + ?, "
                + "last_id = CASE WHEN last_id < ? THEN ? ELSE last_id END WHERE owner = ? AND peer = ?")) {
            ps.setInt(1, unread);
            ps.setLong(2, id);
            ps.setLong(3, id);
            ps.setString(4, owner);
            ps.setString(5, peer);
            return ps.executeUpdate() > 0;
        }
    }

    /** Marks the conversation read; false when the owner has no such conversation or it was read. */
    boolean inboxRead(String owner, String peer) {
        return transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "UPDATE inbox SET unread = 0 WHERE owner = ? AND peer = ? AND unread <> 0")) {
                ps.setString(1, owner);
                ps.setString(2, peer);
                return ps.executeUpdate() > 0;
            }
        });
    }

    /** The owner's conversations, latest activity first. */
    List<InboxEntry> inbox(String owner) {
        return read(c -> {
            List<InboxEntry> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT i.peer, i.kind, i.unread, i.last_id, h.sender, "
                    + "h.sender_nick, h.body FROM inbox i LEFT OUTER JOIN chat_history h ON h.id = i.last_id "
                    + "WHERE i.owner = ? ORDER BY i.last_id DESC")) {
                ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new InboxEntry(rs.getString(1), rs.getString(2), rs.getInt(3), rs.getLong(4),
                                rs.getString(5), rs.getString(6), rs.getString(7)));
                    }
                }
            }
            return result;
        });
    }

    // ---------------------------------------------------------------- offline messages

    static int offlineCount(Connection c, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM offline_messages WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    static void offlineStore(Connection c, long id, String owner, String sender, String stanza) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO offline_messages (id, owner, sender, stanza, stamp) VALUES (?, ?, ?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            ps.setString(3, sender);
            ps.setString(4, stanza);
            ps.setTimestamp(5, Timestamp.from(Ids.instant(id)));
            ps.executeUpdate();
        }
    }

    /** {@link #offlineStore}, unless a message of that id already waits (then false). */
    static boolean offlineStoreIfAbsent(Connection c, long id, String owner, String sender, String stanza) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM offline_messages WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return false;
                }
            }
        }
        offlineStore(c, id, owner, sender, stanza);
        return true;
    }

    /** The owner's waiting messages, oldest first. */
    List<Offline> offline(String owner) {
        return read(c -> {
            List<Offline> result = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT id, stanza FROM offline_messages WHERE owner = ? ORDER BY id")) {
                ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        result.add(new Offline(rs.getLong(1), rs.getString(2)));
                    }
                }
            }
            return result;
        });
    }

    int offlineCount(String owner) {
        return read(c -> offlineCount(c, owner));
    }

    /** The account's XEP-0313 default mode ({@code always}, {@code never}, {@code roster}); "always" when never set. */
    String defaultMode(String owner) {
        return read(c -> {
            try (PreparedStatement ps = c.prepareStatement("SELECT default_mode FROM archive_prefs WHERE owner = ?")) {
                ps.setString(1, owner);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? rs.getString(1) : "always";
                }
            }
        });
    }

    void defaultMode(String owner, String mode) {
        transaction(c -> {
            update(c, "DELETE FROM archive_prefs WHERE owner = ?", owner);
            if (!mode.equals("always")) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO archive_prefs (owner, default_mode) VALUES (?, ?)")) {
                    ps.setString(1, owner);
                    ps.setString(2, mode);
                    ps.executeUpdate();
                }
            }
            return null;
        });
    }

    /** Deletes delivered offline messages, in the group-commit writer (not on the calling thread). */
    java.util.concurrent.CompletableFuture<Void> offlineDeleteLater(String owner, List<Long> ids) {
        if (ids.isEmpty()) {
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }
        return batchedLater((c, inbox) -> {
            offlineDelete(c, owner, ids);
            return null;
        });
    }

    private static void offlineDelete(Connection c, String owner, List<Long> ids) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM offline_messages WHERE owner = ? AND id = ?")) {
            for (long id : ids) {
                ps.setString(1, owner);
                ps.setLong(2, id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** Deletes delivered offline messages. */
    void offlineDelete(String owner, List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        transaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM offline_messages WHERE owner = ? AND id = ?")) {
                for (long id : ids) {
                    ps.setString(1, owner);
                    ps.setLong(2, id);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    // ---------------------------------------------------------------- removed accounts

    /**
     * Deletes what belongs to a removed account: its side of its one-to-one history (a later account of
     * the same name must not read it), the messages waiting for it, its inbox and its preferences. Its
     * messages in groups stay with the group.
     *
     * <p>With {@code keepPeers} the other party keeps its copy: a row both shared is only marked as gone
     * on the removed side (and deleted once both sides are gone); the messages the account sent that
     * still wait for someone, and others' inbox entries of it, stay. Without, all of it goes.
     */
    void forget(String account, boolean keepPeers) {
        if (!keepPeers) {
            forget(account);
            return;
        }
        transaction(c -> {
            update(c, "DELETE FROM chat_history WHERE sender = ? AND recipient = sender AND kind = 'c'", account);
            update(c, "DELETE FROM chat_history WHERE sender = ? AND kind = 'c' AND gone = 'r'", account);
            update(c, "DELETE FROM chat_history WHERE recipient = ? AND kind = 'c' AND gone = 's'", account);
            update(c, "UPDATE chat_history SET gone = 's' WHERE sender = ? AND kind = 'c' AND gone = '-'", account);
            update(c, "UPDATE chat_history SET gone = 'r' WHERE recipient = ? AND kind = 'c' AND gone = '-'", account);
            update(c, "DELETE FROM offline_messages WHERE owner = ?", account);
            update(c, "DELETE FROM inbox WHERE owner = ?", account);
            update(c, "DELETE FROM archive_prefs WHERE owner = ?", account);
            return null;
        });
    }

    /** {@link #forget(String, boolean)} without keeping anything for the other parties. */
    void forget(String account) {
        transaction(c -> {
            update(c, "DELETE FROM chat_history WHERE sender = ? AND kind = 'c'", account);
            update(c, "DELETE FROM chat_history WHERE recipient = ? AND kind = 'c'", account);
            update(c, "DELETE FROM offline_messages WHERE owner = ?", account);
            update(c, "DELETE FROM offline_messages WHERE sender = ?", account);
            update(c, "DELETE FROM inbox WHERE owner = ?", account);
            update(c, "DELETE FROM inbox WHERE peer = ?", account);
            update(c, "DELETE FROM archive_prefs WHERE owner = ?", account);
            return null;
        });
    }

    /** A destroyed group: its messages and every member's inbox entry of it. */
    void forgetConversation(String conversation) {
        transaction(c -> {
            update(c, "DELETE FROM chat_history WHERE conversation = ?", conversation);
            update(c, "DELETE FROM inbox WHERE peer = ?", conversation);
            return null;
        });
    }

    private static int update(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            return ps.executeUpdate();
        }
    }

    static Instant instant(long id) {
        return Ids.instant(id);
    }
}
