package org.magpie.plugin.roster.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/**
 * The roster plugin's tables: {@code friends} (one row per roster item), {@code friend_requests}
 * (subscription requests a user has neither approved nor refused: RFC 6121 "pending in"),
 * {@code roster_versions} (a counter per owner, part of the roster version) and {@code vcards}
 * (XEP-0054 vCards as set by their owners). Owners, contacts and requesters are bare JIDs.
 * SQL failures are reported as unchecked {@link StorageException}s; callers answer them with
 * {@code internal-server-error}.
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

    /** A database failure. */
    static final class StorageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StorageException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    private final DataSource dataSource;

    RosterStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.dataSource = dataSource;
        migrations.migrate(MODULE, MIGRATIONS);
    }

    // ---------------------------------------------------------------- items

    List<RosterItem> items(String owner) {
        return query("SELECT contact, subscription, ask, nickname, group_names FROM friends WHERE owner = ? ORDER BY contact",
                owner, RosterStore::item);
    }

    Optional<RosterItem> item(String owner, String contact) {
        return query("SELECT contact, subscription, ask, nickname, group_names FROM friends WHERE owner = ? AND contact = ?",
                List.of(owner, contact), RosterStore::item).stream().findFirst();
    }

    /** The owners whose roster holds the contact, with their item for it. */
    List<Owned> holdersOf(String contact) {
        return query("SELECT owner, contact, subscription, ask, nickname, group_names FROM friends WHERE contact = ?",
                List.of(contact), rs -> new Owned(rs.getString(1), item(rs, 2)));
    }

    record Owned(String owner, RosterItem item) {
    }

    void save(String owner, RosterItem item) {
        String groups = item.groups().isEmpty() ? null : String.join(String.valueOf(GROUP_SEPARATOR), item.groups());
        String ask = item.askOut() ? "subscribe" : null;
        try (Connection c = dataSource.getConnection()) {
            int n;
            try (PreparedStatement ps = c.prepareStatement("UPDATE friends SET subscription = ?, ask = ?, nickname = ?, "
                    + "group_names = ? WHERE owner = ? AND contact = ?")) {
                ps.setString(1, item.subscription().xmlName());
                ps.setString(2, ask);
                ps.setString(3, item.name());
                ps.setString(4, groups);
                ps.setString(5, owner);
                ps.setString(6, item.contact());
                n = ps.executeUpdate();
            }
            if (n == 0) {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO friends (owner, contact, subscription, ask, "
                        + "nickname, group_names) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, owner);
                    ps.setString(2, item.contact());
                    ps.setString(3, item.subscription().xmlName());
                    ps.setString(4, ask);
                    ps.setString(5, item.name());
                    ps.setString(6, groups);
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StorageException("cannot save roster item of " + owner, e);
        }
    }

    boolean delete(String owner, String contact) {
        return update("DELETE FROM friends WHERE owner = ? AND contact = ?", owner, contact) > 0;
    }

    // ---------------------------------------------------------------- pending requests

    /** Stores (or refreshes the text of) a request from {@code requester} to {@code owner}. */
    void addRequest(String owner, String requester, String status, String nickname, Instant now) {
        int n = update("UPDATE friend_requests SET status = ?, nickname = ? WHERE owner = ? AND requester = ?",
                status, nickname, owner, requester);
        if (n == 0) {
            try (Connection c = dataSource.getConnection();
                 PreparedStatement ps = c.prepareStatement("INSERT INTO friend_requests (owner, requester, status, "
                         + "nickname, created) VALUES (?, ?, ?, ?, ?)")) {
                ps.setString(1, owner);
                ps.setString(2, requester);
                ps.setString(3, status);
                ps.setString(4, nickname);
                ps.setTimestamp(5, Timestamp.from(now));
                ps.executeUpdate();
            } catch (SQLException e) {
                throw new StorageException("cannot store the request of " + requester + " to " + owner, e);
            }
        }
    }

    boolean hasRequest(String owner, String requester) {
        return !query("SELECT requester FROM friend_requests WHERE owner = ? AND requester = ?",
                List.of(owner, requester), rs -> rs.getString(1)).isEmpty();
    }

    boolean removeRequest(String owner, String requester) {
        return update("DELETE FROM friend_requests WHERE owner = ? AND requester = ?", owner, requester) > 0;
    }

    /** Deletes the account's own roster, its requests both ways, its roster version and its vCard. */
    void forget(String account) {
        update("DELETE FROM friends WHERE owner = ?", account);
        update("DELETE FROM friend_requests WHERE owner = ? OR requester = ?", account, account);
        update("DELETE FROM roster_versions WHERE owner = ?", account);
        update("DELETE FROM vcards WHERE owner = ?", account);
    }

    /** The owner's unanswered requests, oldest first. */
    List<Request> requests(String owner) {
        return query("SELECT requester, status, nickname, created FROM friend_requests WHERE owner = ? ORDER BY created, requester",
                owner, rs -> new Request(rs.getString(1), rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
    }

    // ---------------------------------------------------------------- versions

    long version(String owner) {
        List<Long> v = query("SELECT version FROM roster_versions WHERE owner = ?", owner, rs -> rs.getLong(1));
        return v.isEmpty() ? 0 : v.get(0);
    }

    /** Counts one change of the owner's roster. */
    void bumpVersion(String owner) {
        if (update("UPDATE roster_versions SET version = version + 1 WHERE owner = ?", owner) == 0) {
            try {
                update("INSERT INTO roster_versions (owner, version) VALUES (?, 1)", owner);
            } catch (StorageException e) {
                // inserted by another thread in between: count on that row
                update("UPDATE roster_versions SET version = version + 1 WHERE owner = ?", owner);
            }
        }
    }

    // ---------------------------------------------------------------- vCards

    Optional<String> vcard(String owner) {
        return query("SELECT vcard FROM vcards WHERE owner = ?", owner, rs -> rs.getString(1)).stream().findFirst();
    }

    void saveVcard(String owner, String xml) {
        if (update("UPDATE vcards SET vcard = ? WHERE owner = ?", xml, owner) == 0) {
            update("INSERT INTO vcards (owner, vcard) VALUES (?, ?)", owner, xml);
        }
    }

    // ---------------------------------------------------------------- JDBC

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

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, String param, Row<T> row) {
        return query(sql, List.of(param), row);
    }

    private <T> List<T> query(String sql, List<String> params, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            List<T> result = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    result.add(row.read(rs));
                }
            }
            return result;
        } catch (SQLException e) {
            throw new StorageException("query failed", e);
        }
    }

    private int update(String sql, String... params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("update failed", e);
        }
    }
}
