package org.magpie.plugin.rooms.internal;

import java.time.Clock;
import java.util.List;
import java.util.Set;

import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * Who is in a room (XEP-0045 §7.2 to §7.6): entering, which also makes a member (the group stays in
 * the user's list until they leave it), changing presence or nickname, and leaving, by presence or
 * when a session ends. Membership stays when an occupant leaves.
 */
final class Occupancy {

    private final RoomRegistry rooms;
    private final RoomStore store;
    private final RoomOutbox out;
    private final RoomMessages messages;
    private final Destruction destruction;
    private final List<JoinRule> joinRules;
    private final TextChecks checks;
    private final Texts texts;
    private final Clock clock;

    Occupancy(RoomRegistry rooms, RoomStore store, RoomOutbox out, RoomMessages messages, Destruction destruction,
            List<JoinRule> joinRules, TextChecks checks, Texts texts, Clock clock) {
        this.rooms = rooms;
        this.store = store;
        this.out = out;
        this.messages = messages;
        this.destruction = destruction;
        this.joinRules = joinRules;
        this.checks = checks;
        this.texts = texts;
        this.clock = clock;
    }

    /** A presence to a room: enter (creating the room when it does not exist), change, or leave. */
    void presence(Stanza p, EntityFullJid sender, String address, Resourcepart nickPart) throws StanzaException {
        if (p.is(PresenceType.UNAVAILABLE)) {
            Room room = rooms.loaded(address);
            if (room != null) {
                synchronized (room) {
                    leave(room, sender, p);
                }
            }
            return;
        }
        if (!p.is(PresenceType.AVAILABLE)) {
            return; // subscriptions and probes mean nothing to a group
        }
        if (nickPart == null) {
            throw texts.text("join.needs.nick", address, rooms.service().toString())
                    .exception(Condition.JID_MALFORMED);
        }
        String nick = nickPart.toString();
        checks.nicknameLength(nick);
        boolean created = false;
        Room room = rooms.room(address);
        if (room == null) {
            // checked before the room exists, so that a refused nickname creates nothing
            checks.refuseListedWords(nick, TextChecks.Field.NICKNAME);
            String user = sender.asEntityBareJid().toString();
            room = rooms.createByJoin(address, user, nick);
            // another user's join may have created it a moment before: then this is no creation
            created = room.occupants.isEmpty() && room.info.locked() && room.affiliation(user) == Affiliation.OWNER;
        }
        synchronized (room) {
            if (room.destroyed) {
                throw rooms.noSuchGroup(address);
            }
            Occupant current = room.occupantOf(sender);
            if (current == null) {
                enter(room, p, sender, nick, created);
            } else if (current.nick.equals(nick)) {
                current.sessions.put(sender, p); // a presence change: status, show
                out.broadcastPresence(room, current, MucStatus.of());
            } else {
                changeNick(room, current, sender, nick, p);
            }
        }
    }

    private void enter(Room room, Stanza p, EntityFullJid sender, String nick, boolean created) throws StanzaException {
        String user = sender.asEntityBareJid().toString();
        Affiliation affiliation = room.affiliation(user);
        boolean invited = !affiliation.isMember() && store.invited(room.number, user);
        JoinRule.Join join = new JoinRule.Join(room, sender, nick, affiliation, invited);
        for (JoinRule rule : joinRules) {
            rule.check(join);
        }
        Member before = room.members.get(user);
        boolean firstEntry = before == null || before.joined() == null;
        // entering a group makes a member, kept in the user's list of groups; a named room is plain
        // XEP-0045, where only an invitation into a members-only room makes one (§7.8)
        boolean becomesMember = !room.named() || invited && room.info.membersOnly();
        Member after = before != null && before.affiliation().isMember() ? before.entered(nick, clock.instant())
                : becomesMember ? new Member(user, Affiliation.MEMBER, nick, null).entered(nick, clock.instant()) : before;
        if (after != null && !after.equals(before)) {
            store.saveMember(room.number, after);
            room.members.put(user, after);
        }
        if (invited) {
            store.removeInvitation(room.number, user);
        }
        // a new member's affiliation reaches the others with the presence below, no separate announcement
        // XEP-0045 §7.2.3: status 100 tells the newcomer that everyone sees who they are
        Set<MucStatus> selfCodes = room.info.semiAnonymous() ? MucStatus.of() : MucStatus.of(MucStatus.NON_ANONYMOUS);
        Occupant holder = room.occupants.get(nick);
        if (holder != null) {
            holder.sessions.put(sender, p); // another session of the same user under the same nickname
            for (Occupant o : room.occupantList()) {
                if (o != holder) {
                    out.send(out.presenceOf(room, o, sender, MucStatus.of()));
                }
            }
            out.send(out.presenceOf(room, holder, sender, MucStatus.toSelf(selfCodes)));
        } else {
            Occupant occupant = new Occupant(nick, sender.asEntityBareJid(), room.defaultRole(room.affiliation(user)));
            occupant.sessions.put(sender, p);
            for (Occupant o : room.occupantList()) {
                out.send(out.presenceOf(room, o, sender, MucStatus.of()));
            }
            room.occupants.put(nick, occupant);
            if (created) {
                selfCodes.add(MucStatus.ROOM_CREATED);
            }
            out.broadcastPresence(room, occupant, selfCodes);
        }
        messages.replayHistory(room, sender, p);
        out.send(Stanza.create(Stanza.Kind.MESSAGE, room.jid, sender, MessageType.GROUPCHAT, Stanza.newId(),
                List.of(Element.builder("subject", Namespaces.CLIENT).text(room.subject).build())));
        if (firstEntry && !created && !room.named()) {
            out.notice(room, nick, user, "joined", texts.text("notice.joined", nick).english());
        }
    }

    /** XEP-0045 §7.6: unavailable with status 303 and the new nick, then the new presence. */
    private void changeNick(Room room, Occupant o, EntityFullJid sender, String nick, Stanza p) throws StanzaException {
        checks.refuseListedWords(nick, TextChecks.Field.NICKNAME);
        if (room.occupants.containsKey(nick)) {
            throw JoinRules.nicknameTaken(texts, nick);
        }
        Affiliation a = room.affiliation(o.user.toString());
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                Set<MucStatus> codes = MucStatus.of(MucStatus.NICK_CHANGED);
                out.send(out.unavailable(room, o, to, a, o.role, r == o ? MucStatus.toSelf(codes) : codes, nick, null));
            }
        }
        room.occupants.remove(o.nick);
        Occupant renamed = new Occupant(nick, o.user, o.role);
        renamed.sessions.putAll(o.sessions);
        renamed.sessions.put(sender, p);
        room.occupants.put(nick, renamed);
        Member m = room.members.get(o.user.toString());
        if (m != null) {
            Member updated = new Member(m.user(), m.affiliation(), nick, m.joined());
            store.saveMember(room.number, updated);
            room.members.put(m.user(), updated);
        }
        out.broadcastPresence(room, renamed, MucStatus.of());
    }

    /** One session leaves; the occupant goes when its last session has. Membership stays. */
    void leave(Room room, EntityFullJid session, Stanza p) {
        Occupant o = room.occupantOf(session);
        if (o == null) {
            return;
        }
        String status = p == null ? null : p.element().child("status", Namespaces.CLIENT).map(Element::text).orElse(null);
        o.sessions.remove(session);
        Affiliation a = room.affiliation(o.user.toString());
        out.send(out.unavailable(room, o, session, a, Role.NONE, MucStatus.of(MucStatus.SELF_PRESENCE), null, status));
        if (!o.sessions.isEmpty()) {
            return;
        }
        room.occupants.remove(o.nick);
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                out.send(out.unavailable(room, o, to, a, Role.NONE, MucStatus.of(), null, status));
            }
        }
        destruction.destroyIfTemporaryAndEmpty(room);
    }

    /** A session ended: it leaves every group it was in (membership stays). */
    void sessionClosed(EntityFullJid session) {
        for (Room room : rooms.loaded()) {
            synchronized (room) {
                leave(room, session, null);
            }
        }
    }
}
