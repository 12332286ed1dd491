package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;

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
 *
 * <p>Each table group has its own store ({@link HistoryStore}, {@link OfflineStore}, {@link InboxStore};
 * the preferences are {@link ArchivePrefs}'); here are the migrations, the group commit of the message
 * path and what spans the tables (an account's or a group's removal).
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

    /** The {@code kind} of a one-to-one message. */
    static final String CHAT = "c";
    /** The {@code kind} of a group message. */
    static final String GROUP = "g";

    /** Work of the message path: inbox changes go to {@code inbox}, written once for the whole batch. */
    interface BatchWork<T> {
        T run(Connection c, InboxChanges inbox) throws SQLException;
    }

    private final Jdbc db;
    private final GroupCommit batches;
    private final HistoryStore history;
    private final OfflineStore offline;
    private final InboxStore inbox;

    ArchiveStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.db = new Jdbc(dataSource);
        this.batches = new GroupCommit(dataSource);
        this.history = new HistoryStore(db);
        this.offline = new OfflineStore(db, batches);
        this.inbox = new InboxStore(db);
        migrations.migrate(MODULE, MIGRATIONS);
    }

    HistoryStore history() {
        return history;
    }

    OfflineStore offline() {
        return offline;
    }

    InboxStore inbox() {
        return inbox;
    }

    Jdbc db() {
        return db;
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
    <T> CompletableFuture<T> batchedLater(BatchWork<T> work) {
        return batches.submit(work);
    }

    void close() {
        batches.close();
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    <T> T transaction(Jdbc.Work<T> work) {
        return db.transaction("archive transaction", work);
    }

    /** The conversation key of two accounts, the same from both sides. */
    static String pair(String a, String b) {
        return a.compareTo(b) <= 0 ? a + " " + b : b + " " + a;
    }

    /** The largest id in use, so that new ids start above it after a restart. */
    long largestId() {
        return db.withConnection("largest archive id", c -> {
            long max = 0;
            for (String table : List.of("chat_history", "offline_messages")) {
                max = Math.max(max, Jdbc.queryFirst(c, "SELECT MAX(id) FROM " + table, rs -> rs.getLong(1)).orElse(0L));
            }
            return max;
        });
    }

    // ---------------------------------------------------------------- removed accounts and groups

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
        updates("forget " + account, account,
                "DELETE FROM chat_history WHERE sender = ? AND recipient = sender AND kind = 'c'",
                "DELETE FROM chat_history WHERE sender = ? AND kind = 'c' AND gone = 'r'",
                "DELETE FROM chat_history WHERE recipient = ? AND kind = 'c' AND gone = 's'",
                "UPDATE chat_history SET gone = 's' WHERE sender = ? AND kind = 'c' AND gone = '-'",
                "UPDATE chat_history SET gone = 'r' WHERE recipient = ? AND kind = 'c' AND gone = '-'",
                "DELETE FROM offline_messages WHERE owner = ?",
                "DELETE FROM inbox WHERE owner = ?",
                "DELETE FROM archive_prefs WHERE owner = ?");
    }

    /** {@link #forget(String, boolean)} without keeping anything for the other parties. */
    void forget(String account) {
        updates("forget " + account, account,
                "DELETE FROM chat_history WHERE sender = ? AND kind = 'c'",
                "DELETE FROM chat_history WHERE recipient = ? AND kind = 'c'",
                "DELETE FROM offline_messages WHERE owner = ?",
                "DELETE FROM offline_messages WHERE sender = ?",
                "DELETE FROM inbox WHERE owner = ?",
                "DELETE FROM inbox WHERE peer = ?",
                "DELETE FROM archive_prefs WHERE owner = ?");
    }

    /** A destroyed group: its messages and every member's inbox entry of it. */
    void forgetConversation(String conversation) {
        updates("forget " + conversation, conversation,
                "DELETE FROM chat_history WHERE conversation = ?",
                "DELETE FROM inbox WHERE peer = ?");
    }

    /** Statements of one parameter, in one transaction. */
    private void updates(String what, String param, String... statements) {
        db.transaction(what, c -> {
            for (String sql : statements) {
                Jdbc.update(c, sql, param);
            }
            return null;
        });
    }
}
