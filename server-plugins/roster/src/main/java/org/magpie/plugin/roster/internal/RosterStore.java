package org.magpie.plugin.roster.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;

/**
 * The roster plugin's tables: {@code friends} (one row per roster item), {@code friend_requests}
 * (subscription requests a user has neither approved nor refused: RFC 6121 "pending in"),
 * {@code roster_versions} (a counter per owner, part of the roster version) and {@code vcards}
 * (XEP-0054 vCards as set by their owners). Owners, contacts and requesters are bare JIDs.
 * SQL failures are reported as the api's unchecked
 * {@link StorageException}; callers answer them with {@code internal-server-error}.
 */
final class RosterStore {

    static final String MODULE = "roster";

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "friends, friend requests, roster versions, vCards",
            """
            CREATE TABLE friends (
              owner VARCHAR(512) NOT NULL,
              contact VARCHAR(512) NOT NULL,
              subscription VARCHAR(4) NOT NULL,
              ask VARCHAR(9),
              nickname VARCHAR(1024),
              group_names VARCHAR(4000),
              PRIMARY KEY (owner, contact))""",
            "CREATE INDEX friends_contact ON friends (contact)",
            """
            CREATE TABLE friend_requests (
              owner VARCHAR(512) NOT NULL,
              requester VARCHAR(512) NOT NULL,
              status VARCHAR(1024),
              nickname VARCHAR(1024),
              created TIMESTAMP NOT NULL,
              PRIMARY KEY (owner, requester))""",
            """
            CREATE TABLE roster_versions (
              owner VARCHAR(512) NOT NULL PRIMARY KEY,
              version BIGINT NOT NULL)""",
            """
            CREATE TABLE vcards (
              owner VARCHAR(512) NOT NULL PRIMARY KEY,
              vcard CLOB NOT NULL)"""),
            Migration.of(2, "requests found by requester, for removed accounts",
                    "CREATE INDEX friend_requests_requester ON friend_requests (requester)"));

    /** Separates group names in {@code group_names}; group names may not contain it. */
    static final char GROUP_SEPARATOR = '\n';

    /** A stored subscription request. */
    record Request(String requester, String status, String nickname, Instant created) {
    }

    private final Jdbc db;

    RosterStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.db = new Jdbc(dataSource);
        migrations.migrate(MODULE, MIGRATIONS);
    }

    // ---------------------------------------------------------------- items

    List<RosterItem> items(String owner) {
        return db.query("SELECT contact, subscription, ask, nickname, group_names FROM friends WHERE owner = ? ORDER BY contact",
                RosterStore::item, owner);
    }

    Optional<RosterItem> item(String owner, String contact) {
        return db.queryFirst("SELECT contact, subscription, ask, nickname, group_names FROM friends WHERE owner = ? AND contact = ?",
                RosterStore::item, owner, contact);
    }

    /** The owners whose roster holds the contact, with their item for it. */
    List<Owned> holdersOf(String contact) {
        return db.query("SELECT owner, contact, subscription, ask, nickname, group_names FROM friends WHERE contact = ?",
                rs -> new Owned(rs.getString(1), item(rs, 2)), contact);
    }

    record Owned(String owner, RosterItem item) {
    }

    void save(String owner, RosterItem item) {
        String groups = item.groups().isEmpty() ? null : String.join(String.valueOf(GROUP_SEPARATOR), item.groups());
        String ask = item.askOut() ? "subscribe" : null;
        String subscription = item.subscription().xmlName();
        if (db.update("UPDATE friends SET subscription = ?, ask = ?, nickname = ?, group_names = ? WHERE owner = ? AND contact = ?",
                subscription, ask, item.name(), groups, owner, item.contact()) == 0) {
            db.update("INSERT INTO friends (owner, contact, subscription, ask, nickname, group_names) VALUES (?, ?, ?, ?, ?, ?)",
                    owner, item.contact(), subscription, ask, item.name(), groups);
        }
    }

    boolean delete(String owner, String contact) {
        return db.update("DELETE FROM friends WHERE owner = ? AND contact = ?", owner, contact) > 0;
    }

    // ---------------------------------------------------------------- pending requests

    /** Stores (or refreshes the text of) a request from {@code requester} to {@code owner}. */
    void addRequest(String owner, String requester, String status, String nickname, Instant now) {
        int n = db.update("UPDATE friend_requests SET status = ?, nickname = ? WHERE owner = ? AND requester = ?",
                status, nickname, owner, requester);
        if (n == 0) {
            db.update("INSERT INTO friend_requests (owner, requester, status, nickname, created) VALUES (?, ?, ?, ?, ?)",
                    owner, requester, status, nickname, now);
        }
    }

    boolean hasRequest(String owner, String requester) {
        return db.queryFirst("SELECT requester FROM friend_requests WHERE owner = ? AND requester = ?",
                rs -> rs.getString(1), owner, requester).isPresent();
    }

    boolean removeRequest(String owner, String requester) {
        return db.update("DELETE FROM friend_requests WHERE owner = ? AND requester = ?", owner, requester) > 0;
    }

    /** Deletes the account's own roster, its requests both ways, its roster version and its vCard. */
    void forget(String account) {
        db.update("DELETE FROM friends WHERE owner = ?", account);
        db.update("DELETE FROM friend_requests WHERE owner = ? OR requester = ?", account, account);
        db.update("DELETE FROM roster_versions WHERE owner = ?", account);
        db.update("DELETE FROM vcards WHERE owner = ?", account);
    }

    /** The owner's unanswered requests, oldest first. */
    List<Request> requests(String owner) {
        return db.query("SELECT requester, status, nickname, created FROM friend_requests WHERE owner = ? ORDER BY created, requester",
                rs -> new Request(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()), owner);
    }

    // ---------------------------------------------------------------- versions

    long version(String owner) {
        return db.queryFirst("SELECT version FROM roster_versions WHERE owner = ?", rs -> rs.getLong(1), owner).orElse(0L);
    }

    /** Counts one change of the owner's roster. */
    void bumpVersion(String owner) {
        if (db.update("UPDATE roster_versions SET version = version + 1 WHERE owner = ?", owner) == 0) {
            try {
                db.update("INSERT INTO roster_versions (owner, version) VALUES (?, 1)", owner);
            } catch (StorageException e) {
                // inserted by another thread in between: count on that row
                db.update("UPDATE roster_versions SET version = version + 1 WHERE owner = ?", owner);
            }
        }
    }

    // ---------------------------------------------------------------- vCards

    Optional<String> vcard(String owner) {
        return db.queryFirst("SELECT vcard FROM vcards WHERE owner = ?", rs -> rs.getString(1), owner);
    }

    void saveVcard(String owner, String xml) {
        if (db.update("UPDATE vcards SET vcard = ? WHERE owner = ?", xml, owner) == 0) {
            db.update("INSERT INTO vcards (owner, vcard) VALUES (?, ?)", owner, xml);
        }
    }

    // ---------------------------------------------------------------- rows

    private static RosterItem item(ResultSet rs) throws SQLException {
        return item(rs, 1);
    }

    private static RosterItem item(ResultSet rs, int first) throws SQLException {
        String groups = rs.getString(first + 4);
        List<String> list = groups == null || groups.isEmpty() ? List.of()
                : Arrays.asList(groups.split(String.valueOf(GROUP_SEPARATOR)));
        return new RosterItem(rs.getString(first), Subscription.of(rs.getString(first + 1)),
                "subscribe".equals(rs.getString(first + 2)), rs.getString(first + 3), list);
    }
}
