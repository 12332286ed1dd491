package org.magpie.plugin.rooms.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/**
 * The groups plugin's tables: {@code rooms} (one row per group, keyed by its number),
 * {@code room_users} (affiliations: owners, admins, members and banned users, by bare JID; the
 * column is {@code user_jid} because {@code USER} is reserved in SQL) and {@code room_invitations}
 * (who was invited to a members-only group and may enter it once). SQL failures are reported as
 * unchecked {@link StorageException}s; callers answer them with {@code internal-server-error}.
 */
final class RoomStore {

    static final String MODULE = "rooms";

    static final List<Migration> MIGRATIONS = List.of(Migration.of(1, "rooms, room users, invitations",
            """
            CREATE TABLE rooms (
              number BIGINT NOT NULL PRIMARY KEY,
              name VARCHAR(400) NOT NULL,
              description VARCHAR(4000),
              owner VARCHAR(512) NOT NULL,
              options VARCHAR(4000),
              created TIMESTAMP NOT NULL)""",
            """
            CREATE TABLE room_users (
              room BIGINT NOT NULL REFERENCES rooms (number) ON DELETE CASCADE,
              user_jid VARCHAR(512) NOT NULL,
              affiliation VARCHAR(7) NOT NULL,
              nickname VARCHAR(1024),
              joined TIMESTAMP,
              PRIMARY KEY (room, user_jid))""",
            "CREATE INDEX room_users_user ON room_users (user_jid)",
            """
            CREATE TABLE room_invitations (
              room BIGINT NOT NULL REFERENCES rooms (number) ON DELETE CASCADE,
              invitee VARCHAR(512) NOT NULL,
              inviter VARCHAR(512) NOT NULL,
              created TIMESTAMP NOT NULL,
              PRIMARY KEY (room, invitee))"""));

    /** A database failure. */
    static final class StorageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StorageException(String message, SQLException cause) {
            super(message + ": " + cause.getMessage(), cause);
        }
    }

    /** A group in a user's list: the room and the user's affiliation with it. */
    record Membership(RoomInfo room, Member member) {
    }

    private static final String ROOM_COLUMNS = "number, name, description, owner, options, created";

    private final DataSource dataSource;

    RoomStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.dataSource = dataSource;
        migrations.migrate(MODULE, MIGRATIONS);
    }

    // ---------------------------------------------------------------- rooms

    Optional<RoomInfo> room(long number) {
        return query("SELECT " + ROOM_COLUMNS + " FROM rooms WHERE number = ?", List.of(number), RoomStore::room)
                .stream().findFirst();
    }

    /** Inserts a new group with its owner; false when the number is taken. */
    boolean create(RoomInfo room) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO rooms (" + ROOM_COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, room.number());
                    ps.setString(2, room.name());
                    ps.setString(3, room.description());
                    ps.setString(4, room.owner());
                    ps.setString(5, room.options());
                    ps.setTimestamp(6, Timestamp.from(room.created()));
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                if ("23505".equals(e.getSQLState())) {
                    return false; // duplicate key: someone else has the number
                }
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("cannot create group " + room.number(), e);
        }
    }

    void update(RoomInfo room) {
        update("UPDATE rooms SET name = ?, description = ?, options = ? WHERE number = ?",
                List.of(room.name(), room.description(), room.options(), room.number()));
    }

    void delete(long number) {
        update("DELETE FROM rooms WHERE number = ?", List.of(number));
    }

    /** Groups this user created that still exist. */
    long createdBy(String user) {
        List<Long> count = query("SELECT COUNT(*) FROM rooms WHERE owner = ?", List.of(user), rs -> rs.getLong(1));
        return count.isEmpty() ? 0 : count.get(0);
    }

    long maxNumber() {
        List<Long> max = query("SELECT MAX(number) FROM rooms", List.of(), rs -> rs.getLong(1));
        return max.isEmpty() ? 0 : max.get(0);
    }

    /** Groups anyone may find and enter: not members-only, configured. */
    List<RoomInfo> publicRooms() {
        return query("SELECT " + ROOM_COLUMNS + " FROM rooms ORDER BY number", List.of(), RoomStore::room).stream()
                .filter(r -> !r.membersOnly() && !r.locked()).toList();
    }

    // ---------------------------------------------------------------- affiliations

    List<Member> members(long room) {
        return query("SELECT user_jid, affiliation, nickname, joined FROM room_users WHERE room = ? ORDER BY user_jid",
                List.of(room), RoomStore::member);
    }

    void saveMember(long room, Member m) {
        Timestamp joined = m.joined() == null ? null : Timestamp.from(m.joined());
        List<Object> values = new ArrayList<>();
        values.add(m.affiliation().xmlName());
        values.add(m.nickname());
        values.add(joined);
        values.add(room);
        values.add(m.user());
        if (update("UPDATE room_users SET affiliation = ?, nickname = ?, joined = ? WHERE room = ? AND user_jid = ?",
                values) == 0) {
            update("INSERT INTO room_users (affiliation, nickname, joined, room, user_jid) VALUES (?, ?, ?, ?, ?)", values);
        }
    }

    void deleteMember(long room, String user) {
        update("DELETE FROM room_users WHERE room = ? AND user_jid = ?", List.of(room, user));
    }

    /** The groups a user belongs to (owner, admin or member), by number. */
    List<Membership> membershipsOf(String user) {
        return query("SELECT r.number, r.name, r.description, r.owner, r.options, r.created, u.user_jid, u.affiliation, "
                + "u.nickname, u.joined FROM rooms r JOIN room_users u ON u.room = r.number WHERE u.user_jid = ? "
                + "AND u.affiliation IN ('owner', 'admin', 'member') ORDER BY r.number",
                List.of(user), rs -> new Membership(room(rs), member(rs, 7)));
    }

    // ---------------------------------------------------------------- invitations

    void invite(long room, String invitee, String inviter, Instant now) {
        if (update("UPDATE room_invitations SET inviter = ?, created = ? WHERE room = ? AND invitee = ?",
                List.of(inviter, Timestamp.from(now), room, invitee)) == 0) {
            update("INSERT INTO room_invitations (inviter, created, room, invitee) VALUES (?, ?, ?, ?)",
                    List.of(inviter, Timestamp.from(now), room, invitee));
        }
    }

    boolean invited(long room, String invitee) {
        return !query("SELECT inviter FROM room_invitations WHERE room = ? AND invitee = ?", List.of(room, invitee),
                rs -> rs.getString(1)).isEmpty();
    }

    void removeInvitation(long room, String invitee) {
        update("DELETE FROM room_invitations WHERE room = ? AND invitee = ?", List.of(room, invitee));
    }

    /** A removed account: its memberships, bans and invitations go (what it said stays in the groups' history). */
    void forgetUser(String user) {
        update("DELETE FROM room_users WHERE user_jid = ?", List.of(user));
        update("DELETE FROM room_invitations WHERE invitee = ?", List.of(user));
    }

    // ---------------------------------------------------------------- JDBC

    private static RoomInfo room(ResultSet rs) throws SQLException {
        String options = rs.getString(5);
        return new RoomInfo(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                RoomInfo.option(options, "membersonly"), RoomInfo.option(options, "locked"), rs.getTimestamp(6).toInstant());
    }

    private static Member member(ResultSet rs) throws SQLException {
        return member(rs, 1);
    }

    private static Member member(ResultSet rs, int first) throws SQLException {
        Timestamp joined = rs.getTimestamp(first + 3);
        return new Member(rs.getString(first), Affiliation.of(rs.getString(first + 1)).orElse(Affiliation.NONE),
                rs.getString(first + 2), joined == null ? null : joined.toInstant());
    }

    private interface Row<T> {
        T read(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String sql, List<?> params, Row<T> row) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
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

    private int update(String sql, List<?> params) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, params);
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("update failed", e);
        }
    }

    private static void bind(PreparedStatement ps, List<?> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p == null) {
                ps.setNull(i + 1, ps.getParameterMetaData().getParameterType(i + 1));
            } else if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p instanceof Timestamp t) {
                ps.setTimestamp(i + 1, t);
            } else {
                ps.setString(i + 1, p.toString());
            }
        }
    }
}
