package org.magpie.client.service.smack.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.muc.MucEnterConfiguration;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.MultiUserChatManager;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.Group;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Rooms.Room;

/**
 * The user's membership of groups over the Magpie protocol {@code urn:magpie:rooms:0} and
 * XEP-0045: the list of groups at login (then each is entered, with its recent history), create,
 * join by number (disco#info first, so that a missing group is told apart from one the user may
 * not enter), and leave.
 */
final class GroupMembership {

    private static final Logger LOG = Logger.getLogger(GroupMembership.class.getName());

    private final Rooms rooms;
    private final GroupOccupancy occupancy;

    GroupMembership(Rooms rooms, GroupOccupancy occupancy) {
        this.rooms = rooms;
        this.occupancy = occupancy;
    }

    /** Loads the user's groups over a new connection and enters them. */
    void load(XMPPTCPConnection c) {
        List<Room> toEnter = new ArrayList<>();
        try {
            long asked = System.nanoTime();
            List<Group> list = fetch(c);
            synchronized (rooms.lock) {
                if (rooms.connection != c) {
                    return;
                }
                Map<String, Room> next = new LinkedHashMap<>();
                for (Group g : list) {
                    Room r = rooms.rooms.getOrDefault(g.address(), new Room(g));
                    r.group = g;
                    next.put(g.address(), r);
                    toEnter.add(r);
                }
                for (Room r : rooms.rooms.values()) {
                    if (r.added - asked > 0 && !next.containsKey(r.group.address())) {
                        next.put(r.group.address(), r); // created or joined while the list was on its way
                    }
                }
                rooms.rooms.clear();
                rooms.rooms.putAll(next);
                rooms.emitGroups();
            }
        } catch (Exception e) {
            Async.interrupted(e);
            LOG.log(Level.WARNING, "The list of groups could not be loaded", e);
            return;
        }
        for (Room r : toEnter) {
            try {
                enter(c, r);
            } catch (Exception e) {
                Async.interrupted(e);
                LOG.log(Level.INFO, "Could not enter the group " + r.group.address(), e);
            }
        }
    }

    /** This user's groups from the server. */
    private List<Group> fetch(XMPPTCPConnection c) throws Exception {
        RoomsIq result = request(c, JidCreate.domainBareFrom(Rooms.domain(c)), "rooms", IQ.Type.get, Map.of());
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
        synchronized (rooms.lock) {
            own = rooms.nickname;
            ownAccount = rooms.account;
            room.replayAfter = room.seenUntil;
            room.members.values().forEach(m -> m.online = false);
        }
        List<String> nicks = List.of(own, own + " (" + Async.localpart(ownAccount) + ")");
        for (int i = 0; i < nicks.size(); i++) {
            synchronized (rooms.lock) {
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
        occupancy.loadMembers(muc, room);
    }

    /** Creates a group (the server picks the number when {@code wanted} is empty) and enters it. */
    Group create(String wanted, String name, boolean membersOnly) throws Exception {
        XMPPTCPConnection c = rooms.connection();
        Map<String, String> attributes = new LinkedHashMap<>();
        if (!wanted.isEmpty()) {
            attributes.put("number", wanted);
        }
        attributes.put("name", name);
        attributes.put("membersonly", Boolean.toString(membersOnly));
        RoomsIq created = request(c, JidCreate.domainBareFrom(Rooms.domain(c)), "create", IQ.Type.set, attributes);
        Group group = created.rooms().isEmpty() ? null : group(created.rooms().get(0));
        if (group == null) {
            throw new ServiceException(FailureKind.OTHER, "The server did not describe the new group.");
        }
        Room room = new Room(group);
        synchronized (rooms.lock) {
            rooms.rooms.put(group.address(), room);
            rooms.emitGroups();
        }
        enter(c, room);
        return group;
    }

    /** Joins the group of a number (a member already: the group as known). */
    Group join(String wanted) throws Exception {
        XMPPTCPConnection c = rooms.connection();
        String address = wanted + "@" + Rooms.domain(c);
        synchronized (rooms.lock) {
            Room known = rooms.rooms.get(address);
            if (known != null) {
                return known.group;
            }
        }
        EntityBareJid jid = JidCreate.entityBareFrom(address);
        // entering a group that does not exist would create it: ask first
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(jid);
        String name = info.getIdentities().isEmpty() || info.getIdentities().get(0).getName() == null
                ? wanted : info.getIdentities().get(0).getName();
        Room room = new Room(new Group(address, wanted, name, null, info.containsFeature("muc_membersonly"),
                Affiliation.MEMBER));
        synchronized (rooms.lock) {
            rooms.rooms.put(address, room); // presences that come while entering find it
        }
        try {
            enter(c, room);
        } catch (Exception e) {
            synchronized (rooms.lock) {
                rooms.rooms.remove(address, room);
            }
            throw e;
        }
        // the server's description of the group, with this user's affiliation
        for (Group g : fetch(c)) {
            if (g.address().equals(address)) {
                synchronized (rooms.lock) {
                    room.group = g;
                }
            }
        }
        synchronized (rooms.lock) {
            rooms.emitGroups();
            return room.group;
        }
    }

    /** Leaves a group; the server refuses (not a member, or the only owner) with its words. */
    void leave(String group) throws Exception {
        XMPPTCPConnection c = rooms.connection();
        try {
            request(c, JidCreate.entityBareFrom(group), "leave", IQ.Type.set, Map.of());
        } catch (XMPPErrorException e) {
            throw new ServiceException(FailureKind.OTHER, Failures.text(e.getStanzaError()), e);
        }
        synchronized (rooms.lock) {
            if (rooms.rooms.remove(group) != null) {
                rooms.emitGroups();
            }
        }
    }

    private static RoomsIq request(XMPPTCPConnection c, Jid to, String element, IQ.Type type,
            Map<String, String> attributes) throws Exception {
        RoomsIq request = RoomsIq.request(element, type, attributes);
        request.setTo(to);
        IQ answer = c.createStanzaCollectorAndSend(request).nextResultOrThrow();
        if (answer instanceof RoomsIq result) {
            return result;
        }
        return new RoomsIq(element, Map.of(), List.of()); // an empty result (leave)
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
                GroupOccupancy.affiliation(room.getOrDefault("affiliation", "member")));
    }
}
