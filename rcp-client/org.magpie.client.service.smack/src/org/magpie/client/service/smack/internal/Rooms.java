package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jxmpp.jid.Jid;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.ServiceException;

/**
 * What the client knows of the user's groups in this session, shared by the groups' parts
 * (membership, occupancy, messages): the groups with their members and recent lines, the
 * logged-in connection, and the group listeners. Everything here is guarded by {@link #lock}.
 */
final class Rooms {

    /** One group as this client knows it. */
    static final class Room {
        Group group;
        /** This user's nickname in the group while (or when last) in it. */
        String nick;
        /** The newest message seen in this session: replayed history up to it is not shown again. */
        Instant seenUntil;
        Instant replayAfter;
        final Map<String, Member> members = new LinkedHashMap<>();
        /** The lines of this session, oldest first (at most KEPT_MESSAGES). */
        final ArrayDeque<GroupMessage> lines = new ArrayDeque<>();
        /** When this client added it (created or joined here, or loaded). */
        final long added = System.nanoTime();

        Room(Group group) {
            this.group = group;
        }
    }

    /** A member of a group as its member list shows them. */
    static final class Member {
        String nick;
        Affiliation affiliation;
        boolean online;

        Member(String nick, Affiliation affiliation, boolean online) {
            this.nick = nick;
            this.affiliation = affiliation;
            this.online = online;
        }
    }

    final Object lock = new Object();
    // guarded by lock
    XMPPTCPConnection connection;
    String account;
    String nickname;
    final Map<String, Room> rooms = new LinkedHashMap<>();

    private final Executor events;
    private final List<GroupListener> listeners = new CopyOnWriteArrayList<>();

    Rooms(Executor events) {
        this.events = events;
    }

    void addListener(GroupListener listener) {
        listeners.add(listener);
    }

    void removeListener(GroupListener listener) {
        listeners.remove(listener);
    }

    /** The logged-in connection, or UNREACHABLE. */
    XMPPTCPConnection connection() throws ServiceException {
        synchronized (lock) {
            if (connection == null || !connection.isAuthenticated()) {
                throw new ServiceException(FailureKind.UNREACHABLE, null);
            }
            return connection;
        }
    }

    /** Whether a message comes from the groups service (the groups' own, not a chat message). */
    boolean owns(Message m) {
        Jid from = m.getFrom();
        synchronized (lock) {
            return from != null && connection != null && domain(connection).equals(from.getDomain().toString());
        }
    }

    /** The groups service of the connection's server. */
    static String domain(XMPPTCPConnection c) {
        return "rooms." + c.getXMPPServiceDomain();
    }

    List<Group> groups() {
        synchronized (lock) {
            return rooms.values().stream().map(r -> r.group).toList();
        }
    }

    /** Lock held. */
    static List<GroupMember> snapshot(Room room) {
        List<GroupMember> list = new ArrayList<>();
        room.members.forEach((who, m) -> list.add(new GroupMember(room.group.address(), who, m.nick, m.affiliation, m.online)));
        return List.copyOf(list);
    }

    /** Lock held. */
    void emitGroups() {
        List<Group> groups = rooms.values().stream().map(r -> r.group).toList();
        emit(l -> l.groupsChanged(groups));
    }

    /** Lock held. */
    void emitMembers(Room room) {
        List<GroupMember> members = snapshot(room);
        String address = room.group.address();
        emit(l -> l.membersChanged(address, members));
    }

    void emit(Consumer<GroupListener> call) {
        Async.emit(events, listeners, call, "group");
    }
}
