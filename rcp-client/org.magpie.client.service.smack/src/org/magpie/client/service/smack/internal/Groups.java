package org.magpie.client.service.smack.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupListener;
import org.magpie.client.service.GroupMember;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.GroupService;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * The user's groups over XEP-0045 on {@code rooms.<domain>} and the Magpie protocol
 * {@code urn:magpie:rooms:0}: the list of groups at login (then each is entered, with its recent
 * history), create, join by number (disco#info first, so that a missing group is told apart from
 * one the user may not enter), leave, messages with the senders' nicknames and the join/leave
 * notices, and each group's live member list (affiliations from {@code muc#admin}, presence of
 * those in the group). The messaging service hands every logged-in connection over with
 * {@link #online} and says when the session ended with {@link #offline}.
 *
 * <p>Listeners are called on the service's event thread, in order with its other events.
 */
public final class Groups implements GroupService, SessionKeeper.Feature {

    private static final Logger LOG = Logger.getLogger(Groups.class.getName());
    private static final Pattern NUMBER = Pattern.compile("[1-9][0-9]{0,17}");
    private static final int NAME_LIMIT = 100;

    private final Executor events;
    private final Executor work;
    private final List<GroupListener> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    // guarded by lock
    private XMPPTCPConnection connection;
    private String account;
    private String nickname;
    private final Map<String, Room> rooms = new LinkedHashMap<>();

    /**
     * @param events runs listener calls one at a time, in order (the service's event thread)
     * @param work   runs blocking work (the service's worker threads)
     */
    public Groups(Executor events, Executor work) {
        this.events = events;
        this.work = work;
    }

    /** Once per JVM: Smack's parsers for the Magpie elements (Smack's generic one asserts on them). */
    public static void registerProviders() {
        for (String element : RoomsIq.ELEMENTS) {
            ProviderManager.addIQProvider(element, RoomsIq.NAMESPACE, new RoomsIq.Provider());
        }
        ProviderManager.addExtensionProvider(RoomEvent.QNAME.getLocalPart(), RoomsIq.NAMESPACE, new RoomEvent.Provider());
        ProviderManager.addExtensionProvider("x", "http://jabber.org/protocol/muc", new RoomEvent.FlatProvider());
    }

    /** One group as this client knows it (guarded by the lock). */
    private static final class Room {
        Group group;
        /** This user's nickname in the group while (or when last) in it. */
        String nick;
        /** The newest message seen in this session: replayed history up to it is not shown again. */
        Instant seenUntil;
        Instant replayAfter;
        final Map<String, Member> members = new LinkedHashMap<>();
        /** The lines of this session, oldest first (at most KEPT_MESSAGES). */
        final java.util.ArrayDeque<GroupMessage> lines = new java.util.ArrayDeque<>();
        /** When this client added it (created or joined here, or loaded). */
        final long added = System.nanoTime();

        Room(Group group) {
            this.group = group;
        }
    }

    private static final class Member {
        String nick;
        Affiliation affiliation;
        boolean online;

        Member(String nick, Affiliation affiliation, boolean online) {
            this.nick = nick;
            this.affiliation = affiliation;
            this.online = online;
        }
    }

    // ================================================================== from the messaging service

    /** A connection logged in (first login or reconnection): load the groups and enter them. */
    @Override
    public void online(XMPPTCPConnection c, String ownAccount, String ownNickname) {
        synchronized (lock) {
            connection = c;
            account = ownAccount;
            nickname = ownNickname;
        }
        String domain = roomsDomain(c);
        c.addSyncStanzaListener(s -> stanza(c, s), s -> s.getFrom() != null
                && domain.equals(s.getFrom().getDomain().toString())
                && (s instanceof Presence || s instanceof Message m && m.getType() == Message.Type.groupchat));
        try {
            work.execute(() -> load(c));
        } catch (RejectedExecutionException closing) {
            // the service is closing
        }
    }

    /** The session ended: no groups any more. */
    @Override
    public void offline() {
        synchronized (lock) {
            connection = null;
            rooms.clear();
        }
        emit(l -> l.groupsChanged(List.of()));
    }

    /** Whether a message comes from the groups service (the groups' own, not a chat message). */
    public boolean owns(Message m) {
        Jid from = m.getFrom();
        synchronized (lock) {
            return from != null && connection != null && roomsDomain(connection).equals(from.getDomain().toString());
        }
    }

    private void load(XMPPTCPConnection c) {
        List<Room> toEnter = new ArrayList<>();
        try {
            long asked = System.nanoTime();
            List<Group> list = fetch(c);
            synchronized (lock) {
                if (connection != c) {
                    return;
                }
                Map<String, Room> next = new LinkedHashMap<>();
                for (Group g : list) {
                    Room r = rooms.getOrDefault(g.address(), new Room(g));
                    r.group = g;
                    next.put(g.address(), r);
                    toEnter.add(r);
                }
                for (Room r : rooms.values()) {
                    if (r.added - asked > 0 && !next.containsKey(r.group.address())) {
                        next.put(r.group.address(), r); // created or joined while the list was on its way
                    }
                }
                rooms.clear();
                rooms.putAll(next);
                emitGroups();
            }
        } catch (Exception e) {
            interrupted(e);
            LOG.log(Level.WARNING, "The list of groups could not be loaded", e);
            return;
        }
        for (Room r : toEnter) {
            try {
                enter(c, r);
            } catch (Exception e) {
                interrupted(e);
                LOG.log(Level.INFO, "Could not enter the group " + r.group.address(), e);
            }
        }
    }

    /** This user's groups from the server. */
    private List<Group> fetch(XMPPTCPConnection c) throws Exception {
        RoomsIq result = request(c, JidCreate.domainBareFrom(roomsDomain(c)), "rooms", IQ.Type.get, Map.of());
        List<Group> groups = new ArrayList<>();
        for (Map<String, String> room : result.rooms()) {
            Group g = group(room);
            if (g != null) {
                groups.add(g);
            }
        }
        return groups;
    }

    /**
     * Enters a group with the user's nickname (another one if someone in the group has it), with
     * the group's recent history, and loads its member list.
     */
    private void enter(XMPPTCPConnection c, Room room) throws Exception {
        EntityBareJid jid = JidCreate.entityBareFrom(room.group.address());
        MultiUserChat muc = MultiUserChatManager.getInstanceFor(c).getMultiUserChat(jid);
        String own;
        String ownAccount;
        synchronized (lock) {
            own = nickname;
            ownAccount = account;
            room.replayAfter = room.seenUntil;
            room.members.values().forEach(m -> m.online = false);
        }
        List<String> nicks = List.of(own, own + " (" + localpart(ownAccount) + ")");
        for (int i = 0; i < nicks.size(); i++) {
            synchronized (lock) {
                room.nick = nicks.get(i); // before entering: the history that follows knows its own lines
            }
            MucEnterConfiguration config = muc.getEnterConfigurationBuilder(Resourcepart.from(nicks.get(i))).build();
            try {
                if (!muc.isJoined()) {
                    muc.join(config);
                }
                break;
            } catch (XMPPErrorException e) {
                if (e.getStanzaError().getCondition() != StanzaError.Condition.conflict || i == nicks.size() - 1) {
                    throw e;
                }
            }
        }
        List<Affiliate> affiliates = new ArrayList<>();
        affiliates.addAll(muc.getOwners());
        affiliates.addAll(muc.getAdmins());
        affiliates.addAll(muc.getMembers());
        synchronized (lock) {
            for (Affiliate a : affiliates) {
                if (a.getJid() == null) {
                    continue;
                }
                String who = a.getJid().asBareJid().toString();
                Member m = room.members.get(who);
                Affiliation affiliation = affiliation(a.getAffiliation());
                if (m == null) {
                    String nick = a.getNick() != null ? a.getNick().toString() : localpart(who);
                    room.members.put(who, new Member(nick, affiliation, false));
                } else {
                    m.affiliation = affiliation;
                }
            }
            emitMembers(room);
        }
    }

    // ================================================================== stanzas from the groups

    private void stanza(XMPPTCPConnection c, Stanza s) {
        synchronized (lock) {
            if (c != connection) {
                return;
            }
            Room room = rooms.get(s.getFrom().asBareJid().toString());
            if (room == null) {
                return;
            }
            if (s instanceof Presence p) {
                presence(room, p);
            } else if (s instanceof Message m) {
                message(room, m);
            }
        }
    }

    /** Someone came or went, or their affiliation changed (lock held). */
    private void presence(Room room, Presence p) {
        MUCUser x = MUCUser.from(p);
        Resourcepart nickPart = p.getFrom().getResourceOrNull();
        if (x == null || x.getItem() == null || nickPart == null) {
            return;
        }
        MUCItem item = x.getItem();
        String nick = nickPart.toString();
        Jid jid = item.getJid();
        String who = jid == null ? null : jid.asBareJid().toString();
        Affiliation affiliation = affiliation(item.getAffiliation());
        boolean self = x.getStatus().contains(MUCUser.Status.PRESENCE_TO_SELF_110) || account.equals(who);
        if (self && !p.isAvailable() && (affiliation == Affiliation.NONE || x.getStatus().contains(MUCUser.Status.BANNED_301)
                || x.getStatus().contains(MUCUser.Status.REMOVED_AFFIL_CHANGE_321))) {
            // banned, or no longer a member: the group is not this user's any more
            rooms.remove(room.group.address());
            emitGroups();
            return;
        }
        if (who == null) {
            return; // an anonymous group: not one of Magpie's
        }
        if (p.isAvailable()) {
            room.members.put(who, new Member(nick, affiliation, true));
        } else if (item.getAffiliation() == MUCAffiliation.none || item.getAffiliation() == MUCAffiliation.outcast) {
            room.members.remove(who);
        } else {
            Member m = room.members.get(who);
            if (m == null) {
                room.members.put(who, new Member(nick, affiliation, false));
            } else {
                m.online = false;
                m.affiliation = affiliation;
            }
        }
        emitMembers(room);
    }

    /** A message or a notice (lock held). */
    private void message(Room room, Message m) {
        String body = m.getBody();
        if (body == null) {
            return; // subject changes and the like
        }
        DelayInformation delay = DelayInformation.from(m);
        boolean history = delay != null;
        Instant time = history && delay.getStamp() != null ? delay.getStamp().toInstant() : Instant.now();
        if (history && room.replayAfter != null && !time.isAfter(room.replayAfter)) {
            return; // shown already in this session, before a reconnection
        }
        if (room.seenUntil == null || time.isAfter(room.seenUntil)) {
            room.seenUntil = time;
        }
        String address = room.group.address();
        GroupMessage message;
        RoomEvent event = m.getExtension(RoomEvent.QNAME) instanceof RoomEvent e ? e : null;
        Resourcepart nick = m.getFrom().getResourceOrNull();
        if (event != null && ("joined".equals(event.type()) || "left".equals(event.type())) && event.nick() != null) {
            GroupMessage.Kind kind = "joined".equals(event.type()) ? GroupMessage.Kind.JOINED : GroupMessage.Kind.LEFT;
            message = new GroupMessage(address, event.jid(), event.nick(), body, time, account.equals(event.jid()), kind,
                    history);
        } else if (nick != null) {
            String writer = nick.toString();
            String sender = null;
            for (Map.Entry<String, Member> e : room.members.entrySet()) {
                if (e.getValue().nick.equals(writer)) {
                    sender = e.getKey();
                }
            }
            message = new GroupMessage(address, sender, writer, body, time, writer.equals(room.nick),
                    GroupMessage.Kind.MESSAGE, history);
        } else {
            // the group itself speaks without a marker
            message = new GroupMessage(address, null, room.group.name(), body, time, false, GroupMessage.Kind.MESSAGE,
                    history);
        }
        room.lines.addLast(message);
        if (room.lines.size() > KEPT_MESSAGES) {
            room.lines.removeFirst();
        }
        emit(l -> l.groupMessageReceived(message));
    }

    // ================================================================== GroupService

    @Override
    public List<Group> groups() {
        synchronized (lock) {
            return rooms.values().stream().map(r -> r.group).toList();
        }
    }

    @Override
    public CompletableFuture<Group> createGroup(String number, String name, boolean membersOnly) {
        CompletableFuture<Group> result = new CompletableFuture<>();
        String wanted = number == null ? "" : number.strip();
        if (!wanted.isEmpty() && !NUMBER.matcher(wanted).matches()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, "A group number is digits only."));
            return result;
        }
        if (name == null || name.isBlank() || name.strip().length() > NAME_LIMIT) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT,
                    "A group needs a name of at most " + NAME_LIMIT + " characters."));
            return result;
        }
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            Map<String, String> attributes = new LinkedHashMap<>();
            if (!wanted.isEmpty()) {
                attributes.put("number", wanted);
            }
            attributes.put("name", name.strip());
            attributes.put("membersonly", Boolean.toString(membersOnly));
            RoomsIq created = request(c, JidCreate.domainBareFrom(roomsDomain(c)), "create", IQ.Type.set, attributes);
            Group group = created.rooms().isEmpty() ? null : group(created.rooms().get(0));
            if (group == null) {
                throw new ServiceException(FailureKind.OTHER, "The server did not describe the new group.");
            }
            Room room = new Room(group);
            synchronized (lock) {
                rooms.put(group.address(), room);
                emitGroups();
            }
            enter(c, room);
            result.complete(group);
        });
        return result;
    }

    @Override
    public CompletableFuture<Group> joinGroup(String number) {
        CompletableFuture<Group> result = new CompletableFuture<>();
        String wanted = number == null ? "" : number.strip();
        if (!NUMBER.matcher(wanted).matches()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, "A group number is digits only."));
            return result;
        }
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            String address = wanted + "@" + roomsDomain(c);
            synchronized (lock) {
                Room known = rooms.get(address);
                if (known != null) {
                    result.complete(known.group); // a member already
                    return;
                }
            }
            EntityBareJid jid = JidCreate.entityBareFrom(address);
            // entering a group that does not exist would create it: ask first
            DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(jid);
            String name = info.getIdentities().isEmpty() || info.getIdentities().get(0).getName() == null
                    ? wanted : info.getIdentities().get(0).getName();
            Room room = new Room(new Group(address, wanted, name, null, info.containsFeature("muc_membersonly"),
                    Affiliation.MEMBER));
            synchronized (lock) {
                rooms.put(address, room); // presences that come while entering find it
            }
            try {
                enter(c, room);
            } catch (Exception e) {
                synchronized (lock) {
                    rooms.remove(address, room);
                }
                throw e;
            }
            // the server's description of the group, with this user's affiliation
            for (Group g : fetch(c)) {
                if (g.address().equals(address)) {
                    synchronized (lock) {
                        room.group = g;
                    }
                }
            }
            synchronized (lock) {
                emitGroups();
            }
            result.complete(room.group);
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> leaveGroup(String group) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (group == null || group.isBlank()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            try {
                request(c, JidCreate.entityBareFrom(group.strip()), "leave", IQ.Type.set, Map.of());
            } catch (XMPPErrorException e) {
                // not a member, or the only owner: the server says which
                throw new ServiceException(FailureKind.OTHER, Failures.text(e.getStanzaError()), e);
            }
            synchronized (lock) {
                if (rooms.remove(group.strip()) != null) {
                    emitGroups();
                }
            }
            result.complete(null);
        });
        return result;
    }

    @Override
    public CompletableFuture<Void> sendToGroup(String group, String text) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (group == null || text == null || text.isBlank()) {
            result.completeExceptionally(new ServiceException(FailureKind.INVALID_INPUT, null));
            return result;
        }
        submit(result, () -> {
            XMPPTCPConnection c = connection();
            synchronized (lock) {
                if (!rooms.containsKey(group)) {
                    throw new ServiceException(FailureKind.INVALID_INPUT, "Not a member of " + group + ".");
                }
            }
            c.sendStanza(c.getStanzaFactory().buildMessageStanza()
                    .to(JidCreate.entityBareFrom(group))
                    .ofType(Message.Type.groupchat)
                    .setBody(text)
                    .build());
            result.complete(null);
        });
        return result;
    }

    @Override
    public List<GroupMember> members(String group) {
        synchronized (lock) {
            Room room = rooms.get(group);
            return room == null ? List.of() : snapshot(room);
        }
    }

    @Override
    public List<GroupMessage> messages(String group) {
        synchronized (lock) {
            Room room = rooms.get(group);
            return room == null ? List.of() : List.copyOf(room.lines);
        }
    }

    @Override
    public String nicknameIn(String group) {
        synchronized (lock) {
            Room room = rooms.get(group);
            return room == null ? null : room.nick;
        }
    }

    @Override
    public void addGroupListener(GroupListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public void removeGroupListener(GroupListener listener) {
        listeners.remove(listener);
    }

    // ================================================================== plumbing

    private XMPPTCPConnection connection() throws ServiceException {
        synchronized (lock) {
            if (connection == null || !connection.isAuthenticated()) {
                throw new ServiceException(FailureKind.UNREACHABLE, null);
            }
            return connection;
        }
    }

    private static RoomsIq request(XMPPTCPConnection c, Jid to, String element, IQ.Type type,
            Map<String, String> attributes) throws Exception {
        RoomsIq request = RoomsIq.request(element, type, attributes);
        request.setTo(to);
        IQ answer = c.createStanzaCollectorAndSend(request).nextResultOrThrow();
        if (answer instanceof RoomsIq rooms) {
            return rooms;
        }
        return new RoomsIq(element, Map.of(), List.of()); // an empty result (leave)
    }

    private static String roomsDomain(XMPPTCPConnection c) {
        return "rooms." + c.getXMPPServiceDomain();
    }

    /** A {@code <room/>} of the Magpie protocol, or null without an address. */
    private static Group group(Map<String, String> room) {
        String address = room.get("jid");
        if (address == null || address.isBlank()) {
            return null;
        }
        String number = room.getOrDefault("number", address.substring(0, Math.max(0, address.indexOf('@'))));
        String name = room.get("name");
        String description = room.get("description");
        return new Group(address, number, name == null || name.isBlank() ? number : name,
                description == null || description.isBlank() ? null : description,
                Boolean.parseBoolean(room.get("membersonly")),
                affiliation(room.getOrDefault("affiliation", "member")));
    }

    private static Affiliation affiliation(MUCAffiliation a) {
        return a == null ? Affiliation.NONE : affiliation(a.name());
    }

    private static Affiliation affiliation(String name) {
        return switch (name) {
            case "owner" -> Affiliation.OWNER;
            case "admin" -> Affiliation.ADMIN;
            case "member" -> Affiliation.MEMBER;
            default -> Affiliation.NONE;
        };
    }

    private static List<GroupMember> snapshot(Room room) {
        List<GroupMember> list = new ArrayList<>();
        room.members.forEach((who, m) -> list.add(new GroupMember(room.group.address(), who, m.nick, m.affiliation, m.online)));
        return List.copyOf(list);
    }

    /** Lock held. */
    private void emitGroups() {
        List<Group> groups = rooms.values().stream().map(r -> r.group).toList();
        emit(l -> l.groupsChanged(groups));
    }

    /** Lock held. */
    private void emitMembers(Room room) {
        List<GroupMember> members = snapshot(room);
        String address = room.group.address();
        emit(l -> l.membersChanged(address, members));
    }

    private void emit(Consumer<GroupListener> call) {
        Async.emit(events, listeners, call, "group");
    }

    private void submit(CompletableFuture<?> result, Async.Work task) {
        Async.submit(work, result, Operation.GROUPS, task);
    }

    private static String localpart(String address) {
        return Async.localpart(address);
    }

    private static void interrupted(Exception e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
    }
}
