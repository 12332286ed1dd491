package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;
import org.magpie.client.service.smack.internal.Rooms.Room;

/**
 * The user's groups over XEP-0045 on {@code rooms.<domain>} and the Magpie protocol
 * {@code urn:magpie:rooms:0}: the {@link GroupService} face of its parts, which share the
 * {@link Rooms}: {@link GroupMembership} (the list at login, create, join, leave),
 * {@link GroupOccupancy} (each group's live member list) and {@link GroupLines} (messages and the
 * join/leave notices). The messaging service hands every logged-in connection over with
 * {@link #online} and says when the session ended with {@link #offline}.
 *
 * <p>Listeners are called on the service's event thread, in order with its other events.
 */
public final class Groups implements GroupService, SessionKeeper.Feature {

    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
    private static final int NAME_LIMIT = 100;

    private final Executor work;
    private final Rooms rooms;
    private final GroupOccupancy occupancy;
    private final GroupMembership membership;
    private final GroupLines lines;

    /**
     * @param events runs listener calls one at a time, in order (the service's event thread)
     * @param work   runs blocking work (the service's worker threads)
     */
    public Groups(Executor events, Executor work) {
        this.work = work;
        this.rooms = new Rooms(events);
        this.occupancy = new GroupOccupancy(rooms);
        this.membership = new GroupMembership(rooms, occupancy);
        this.lines = new GroupLines(rooms);
    }

    /** Once per JVM: Smack's parsers for the Magpie elements (Smack's generic one asserts on them). */
    public static void registerProviders() {
        for (String element : RoomsIq.ELEMENTS) {
            ProviderManager.addIQProvider(element, RoomsIq.NAMESPACE, new RoomsIq.Provider());
        }
        ProviderManager.addExtensionProvider(RoomEvent.QNAME.getLocalPart(), RoomsIq.NAMESPACE, new RoomEvent.Provider());
        ProviderManager.addExtensionProvider("x", "http://jabber.org/protocol/muc", new RoomEvent.FlatProvider());
    }

    // ================================================================== from the messaging service

    /** A connection logged in (first login or reconnection): load the groups and enter them. */
    @Override
    public void online(XMPPTCPConnection c, String ownAccount, String ownNickname) {
        synchronized (rooms.lock) {
            rooms.connection = c;
            rooms.account = ownAccount;
            rooms.nickname = ownNickname;
        }
        String domain = Rooms.domain(c);
        c.addSyncStanzaListener(s -> stanza(c, s), s -> s.getFrom() != null
                && domain.equals(s.getFrom().getDomain().toString())
                && (s instanceof Presence || s instanceof Message m && m.getType() == Message.Type.groupchat));
        Async.execute(work, () -> membership.load(c));
    }

    /** The session ended: no groups any more. */
    @Override
    public void offline() {
        synchronized (rooms.lock) {
            rooms.connection = null;
            rooms.rooms.clear();
        }
        rooms.emit(l -> l.groupsChanged(List.of()));
    }

    /** Whether a message comes from the groups service (the groups' own, not a chat message). */
    public boolean owns(Message m) {
        return rooms.owns(m);
    }

    private void stanza(XMPPTCPConnection c, Stanza s) {
        synchronized (rooms.lock) {
            if (c != rooms.connection) {
                return;
            }
            Room room = rooms.rooms.get(s.getFrom().asBareJid().toString());
            if (room == null) {
                return;
            }
            if (s instanceof Presence p) {
                occupancy.presence(room, p);
            } else if (s instanceof Message m) {
                lines.message(room, m);
            }
        }
    }

    // ================================================================== GroupService

    @Override
    public List<Group> groups() {
        return rooms.groups();
    }

    @Override
    public CompletableFuture<Group> createGroup(String number, String name, boolean membersOnly) {
        String wanted = number == null ? "" : number.strip();
        if (!wanted.isEmpty() && !NUMBER.matcher(wanted).matches()) {
            return invalid("A group number is digits only.");
        }
        if (name == null || name.isBlank() || name.strip().length() > NAME_LIMIT) {
            return invalid("A group needs a name of at most " + NAME_LIMIT + " characters.");
        }
        return Async.supply(work, this::failure, () -> membership.create(wanted, name.strip(), membersOnly));
    }

    @Override
    public CompletableFuture<Group> joinGroup(String number) {
        String wanted = number == null ? "" : number.strip();
        if (!NUMBER.matcher(wanted).matches()) {
            return invalid("A group number is digits only.");
        }
        return Async.supply(work, this::failure, () -> membership.join(wanted));
    }

    @Override
    public CompletableFuture<Void> leaveGroup(String group) {
        if (group == null || group.isBlank()) {
            return invalid(null);
        }
        return Async.supply(work, this::failure, () -> {
            membership.leave(group.strip());
            return null;
        });
    }

    @Override
    public CompletableFuture<Void> sendToGroup(String group, String text) {
        if (group == null || text == null || text.isBlank()) {
            return invalid(null);
        }
        return Async.supply(work, this::failure, () -> {
            lines.send(rooms.connection(), group, text);
            return null;
        });
    }

    @Override
    public List<GroupMember> members(String group) {
        synchronized (rooms.lock) {
            Room room = rooms.rooms.get(group);
            return room == null ? List.of() : Rooms.snapshot(room);
        }
    }

    @Override
    public List<GroupMessage> messages(String group) {
        synchronized (rooms.lock) {
            Room room = rooms.rooms.get(group);
            return room == null ? List.of() : List.copyOf(room.lines);
        }
    }

    @Override
    public String nicknameIn(String group) {
        synchronized (rooms.lock) {
            Room room = rooms.rooms.get(group);
            return room == null ? null : room.nick;
        }
    }

    @Override
    public void addGroupListener(GroupListener listener) {
        rooms.addListener(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeGroupListener(GroupListener listener) {
        rooms.removeListener(listener);
    }

    private ServiceException failure(Exception e) {
        return Failures.map(e, Operation.GROUPS);
    }

    private static <T> CompletableFuture<T> invalid(String why) {
        return CompletableFuture.failedFuture(new ServiceException(FailureKind.INVALID_INPUT, why));
    }
}
