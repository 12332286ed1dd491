package org.magpie.client.service.smack.internal;

import java.util.ArrayList;
import java.util.List;

import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smackx.muc.Affiliate;
import org.jivesoftware.smackx.muc.MUCAffiliation;
import org.jivesoftware.smackx.muc.MultiUserChat;
import org.jivesoftware.smackx.muc.packet.MUCItem;
import org.jivesoftware.smackx.muc.packet.MUCUser;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.client.service.GroupMember.Affiliation;
import org.magpie.client.service.smack.internal.Rooms.Member;
import org.magpie.client.service.smack.internal.Rooms.Room;

/**
 * Each group's live member list: the affiliations from {@code muc#admin} when the group is
 * entered, then the occupants' presence (who came, who went, whose affiliation changed), and the
 * user's own removal (banned, or no longer a member) that ends the group for this user.
 */
final class GroupOccupancy {

    private final Rooms rooms;

    GroupOccupancy(Rooms rooms) {
        this.rooms = rooms;
    }

    /** Loads the group's owners, admins and members (after entering it). */
    void loadMembers(MultiUserChat muc, Room room) throws Exception {
        List<Affiliate> affiliates = new ArrayList<>();
        affiliates.addAll(muc.getOwners());
        affiliates.addAll(muc.getAdmins());
        affiliates.addAll(muc.getMembers());
        synchronized (rooms.lock) {
            for (Affiliate a : affiliates) {
                if (a.getJid() == null) {
                    continue;
                }
                String who = a.getJid().asBareJid().toString();
                Member m = room.members.get(who);
                Affiliation affiliation = affiliation(a.getAffiliation());
                if (m == null) {
                    String nick = a.getNick() != null ? a.getNick().toString() : Async.localpart(who);
                    room.members.put(who, new Member(nick, affiliation, false));
                } else {
                    m.affiliation = affiliation;
                }
            }
            rooms.emitMembers(room);
        }
    }

    /** Someone came or went, or their affiliation changed (lock held). */
    void presence(Room room, Presence p) {
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
        boolean self = x.getStatus().contains(MUCUser.Status.PRESENCE_TO_SELF_110) || rooms.account.equals(who);
        if (self && !p.isAvailable() && (affiliation == Affiliation.NONE || x.getStatus().contains(MUCUser.Status.BANNED_301)
                || x.getStatus().contains(MUCUser.Status.REMOVED_AFFIL_CHANGE_321))) {
            // banned, or no longer a member: the group is not this user's any more
            rooms.rooms.remove(room.group.address());
            rooms.emitGroups();
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
        rooms.emitMembers(room);
    }

    static Affiliation affiliation(MUCAffiliation a) {
        return a == null ? Affiliation.NONE : affiliation(a.name());
    }

    static Affiliation affiliation(String name) {
        return switch (name) {
            case "owner" -> Affiliation.OWNER;
            case "admin" -> Affiliation.ADMIN;
            case "member" -> Affiliation.MEMBER;
            default -> Affiliation.NONE;
        };
    }
}
