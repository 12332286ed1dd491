package org.magpie.plugin.rooms.internal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;

/**
 * The groups plugin's tables: {@code rooms} (one row per group, keyed by its number; a named room
 * has its {@code localpart} and a negative number),
 * {@code room_users} (affiliations: owners, admins, members and banned users, by bare JID; the
 * column is {@code user_jid} because {@code USER} is reserved in SQL) and {@code room_invitations}
 * (who was invited to a members-only group and may enter it once). SQL failures are reported as
 * unchecked {@link org.magpie.server.api.storage.StorageException}s; callers answer them with {@code internal-server-error}.
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
              PRIMARY KEY (room, invitee))"""),
            // named rooms (team@rooms.<domain>): their localpart, unique; groups keep theirs null and are
            // found by number; a named room's number is negative, so MAX(number) still gives the next group
            Migration.of(2, "named rooms",
                    "ALTER TABLE rooms ADD COLUMN localpart VARCHAR(1023)",
                    "ALTER TABLE rooms ADD CONSTRAINT rooms_localpart UNIQUE (localpart)"));

    /** A group in a user's list: the room and the user's affiliation with it. */
    record Membership(RoomInfo room, Member member) {
    }

    /** SQL state of a unique-key violation. */
    private static final String DUPLICATE_KEY = "23505";

    private static final String ROOM_COLUMNS = "number, name, description, owner, options, created, localpart";

    private final Jdbc db;

    RoomStore(DataSource dataSource, SchemaMigrations migrations) throws SQLException {
        this.db = new Jdbc(dataSource);
        migrations.migrate(MODULE, MIGRATIONS);
    }

    // ---------------------------------------------------------------- rooms

    Optional<RoomInfo> room(long number) {
        return db.queryFirst("SELECT " + ROOM_COLUMNS + " FROM rooms WHERE number = ?", RoomStore::room, number);
    }

    /** A named room by the localpart of its JID. */
    Optional<RoomInfo> named(String localpart) {
        return db.queryFirst("SELECT " + ROOM_COLUMNS + " FROM rooms WHERE localpart = ?", RoomStore::room, localpart);
    }

    /** Inserts a new group; false when the number is taken. */
    boolean create(RoomInfo room) {
        return db.withConnection("create group " + room.number(), c -> {
            try {
                Jdbc.update(c, "INSERT INTO rooms (" + ROOM_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?)", room.number(),
                        room.name(), room.description(), room.owner(), room.options(), room.created(), room.localpart());
                return true;
            } catch (SQLException e) {
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return false; // someone else has the number or the name
                }
                throw e;
            }
        });
    }

    void update(RoomInfo room) {
        db.update("UPDATE rooms SET name = ?, description = ?, options = ? WHERE number = ?", room.name(),
                room.description(), room.options(), room.number());
    }

    void delete(long number) {
        db.update("DELETE FROM rooms WHERE number = ?", number);
    }

    /** Groups this user created that still exist. */
    long createdBy(String user) {
        return db.queryFirst("SELECT COUNT(*) FROM rooms WHERE owner = ?", rs -> rs.getLong(1), user).orElse(0L);
    }

    long maxNumber() {
        return db.queryFirst("SELECT MAX(number) FROM rooms", rs -> rs.getLong(1)).orElse(0L);
    }

    /** The lowest number in use: named rooms take the negative numbers below it. */
    long minNumber() {
        return db.queryFirst("SELECT MIN(number) FROM rooms", rs -> rs.getLong(1)).orElse(0L);
    }

    /**
     * Named rooms not configured persistent go when their last occupant leaves; those still stored
     * when the plugin starts were left by a stop or a crash, with nobody in them: they go now.
     */
    int deleteTemporaryRooms() {
        int deleted = 0;
        for (RoomInfo r : db.query("SELECT " + ROOM_COLUMNS + " FROM rooms WHERE localpart IS NOT NULL", RoomStore::room)) {
            if (!r.persistent()) {
                deleted += db.update("DELETE FROM rooms WHERE number = ?", r.number());
            }
        }
        return deleted;
    }

    /**
     * Groups and named rooms anyone may find and enter: not members-only, configured, not hidden;
     * groups first by number, then named rooms by name.
     */
    List<RoomInfo> publicRooms() {
        return db.query("SELECT " + ROOM_COLUMNS + " FROM rooms ORDER BY number", RoomStore::room).stream()
                .filter(r -> !r.membersOnly() && !r.locked() && !r.hidden())
                .sorted(Comparator.comparing(RoomInfo::named).thenComparing(r -> r.named() ? r.localpart() : ""))
                .toList();
    }

    // ---------------------------------------------------------------- affiliations

    List<Member> members(long room) {
        return db.query("SELECT user_jid, affiliation, nickname, joined FROM room_users WHERE room = ? ORDER BY user_jid",
                rs -> member(rs, 1), room);
    }

    void saveMember(long room, Member m) {
        Object[] values = {m.affiliation().xmlName(), m.nickname(), m.joined(), room, m.user()};
        if (db.update("UPDATE room_users SET affiliation = ?, nickname = ?, joined = ? WHERE room = ? AND user_jid = ?",
                values) == 0) {
            db.update("INSERT INTO room_users (affiliation, nickname, joined, room, user_jid) VALUES (?, ?, ?, ?, ?)", values);
        }
    }

    void deleteMember(long room, String user) {
        db.update("DELETE FROM room_users WHERE room = ? AND user_jid = ?", room, user);
    }

    /** The groups a user belongs to (owner, admin or member), by number. */
    List<Membership> membershipsOf(String user) {
        return db.query("SELECT r.number, r.name, r.description, r.owner, r.options, r.created, r.localpart, u.user_jid, "
                + "u.affiliation, "
                + "u.nickname, u.joined FROM rooms r JOIN room_users u ON u.room = r.number WHERE u.user_jid = ? "
                + "AND u.affiliation IN ('owner', 'admin', 'member') ORDER BY r.number",
                rs -> new Membership(room(rs), member(rs, 8)), user);
    }

    // ---------------------------------------------------------------- invitations

    void invite(long room, String invitee, String inviter, Instant now) {
        if (db.update("UPDATE room_invitations SET inviter = ?, created = ? WHERE room = ? AND invitee = ?",
                inviter, now, room, invitee) == 0) {
            db.update("INSERT INTO room_invitations (inviter, created, room, invitee) VALUES (?, ?, ?, ?)",
                    inviter, now, room, invitee);
        }
    }

    boolean invited(long room, String invitee) {
        return db.queryFirst("SELECT inviter FROM room_invitations WHERE room = ? AND invitee = ?", rs -> rs.getString(1),
                room, invitee).isPresent();
    }

    void removeInvitation(long room, String invitee) {
        db.update("DELETE FROM room_invitations WHERE room = ? AND invitee = ?", room, invitee);
    }

    /** A removed account: its memberships, bans and invitations go (what it said stays in the groups' history). */
    void forgetUser(String user) {
        db.update("DELETE FROM room_users WHERE user_jid = ?", user);
        db.update("DELETE FROM room_invitations WHERE invitee = ?", user);
    }

    // ---------------------------------------------------------------- rows

    private static RoomInfo room(ResultSet rs) throws SQLException {
        String options = rs.getString(5);
        return new RoomInfo(rs.getLong(1), rs.getString(7), rs.getString(2), rs.getString(3), rs.getString(4),
                RoomInfo.option(options, "membersonly"), RoomInfo.option(options, "locked"),
                RoomInfo.option(options, "persistent"), RoomInfo.option(options, "moderated"),
                RoomInfo.option(options, "hidden"), RoomInfo.option(options, "semianonymous"),
                RoomInfo.option(options, "changesubject"), rs.getTimestamp(6).toInstant());
    }

    private static Member member(ResultSet rs, int first) throws SQLException {
        Timestamp joined = rs.getTimestamp(first + 3);
        return new Member(rs.getString(first), Affiliation.of(rs.getString(first + 1)).orElse(Affiliation.NONE),
                rs.getString(first + 2), joined == null ? null : joined.toInstant());
    }
}
