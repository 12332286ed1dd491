package org.magpie.plugin.rooms.internal;

import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * {@code muc#admin} (XEP-0045 §8 and §9): the lists of members, admins, owners, outcasts or occupants
 * by role, and changing one's affiliation (member, admin, owner, ban) or role (kick, voice, moderator).
 * Called under the room's monitor.
 */
final class AdminItems {

    private final RoomStore store;
    private final RoomOutbox out;
    private final LocalAccounts accounts;
    private final TextChecks checks;
    private final Texts texts;

    AdminItems(RoomStore store, RoomOutbox out, LocalAccounts accounts, TextChecks checks, Texts texts) {
        this.store = store;
        this.out = out;
        this.accounts = accounts;
        this.checks = checks;
        this.texts = texts;
    }

    Element get(Room room, Element q, EntityFullJid sender) throws StanzaException {
        Element item = q.child("item", Namespaces.MUC_ADMIN).orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        Affiliation mine = room.affiliation(sender.asEntityBareJid().toString());
        boolean present = room.occupantOf(sender) != null;
        Element.Builder reply = Element.builder("query", Namespaces.MUC_ADMIN);
        Optional<Affiliation> wanted = Affiliation.of(item.attribute("affiliation"));
        Optional<Role> role = Role.of(item.attribute("role"));
        if (room.info.semiAnonymous() && !mine.isAdmin()) {
            // the lists name real JIDs, which a semi-anonymous room shows its moderators only
            throw texts.text("admin.list.semi.anonymous").exception(Condition.FORBIDDEN);
        }
        if (wanted.isPresent() && wanted.get() != Affiliation.NONE) {
            boolean allowed = wanted.get() == Affiliation.OUTCAST ? mine.isAdmin() : mine.isMember() || present;
            if (!allowed) {
                throw texts.text("admin.list.members.only").exception(Condition.FORBIDDEN);
            }
            for (Member m : room.members.values()) {
                if (m.affiliation() == wanted.get()) {
                    Occupant o = room.occupantOfUser(m.user());
                    reply.child(Element.builder("item", Namespaces.MUC_ADMIN).attribute("affiliation", m.affiliation().xmlName())
                            .attribute("jid", m.user()).attribute("nick", o != null ? o.nick : m.nickname())
                            .attribute("role", o != null ? o.role.xmlName() : null).build());
                }
            }
        } else if (role.isPresent() && role.get() != Role.NONE) {
            if (!present) {
                throw texts.text("admin.list.occupants.only").exception(Condition.FORBIDDEN);
            }
            for (Occupant o : room.occupantList()) {
                if (o.role == role.get()) {
                    reply.child(Element.builder("item", Namespaces.MUC_ADMIN).attribute("role", o.role.xmlName())
                            .attribute("nick", o.nick).attribute("jid", o.user.toString())
                            .attribute("affiliation", room.affiliation(o.user.toString()).xmlName()).build());
                }
            }
        } else {
            throw texts.text("admin.list.which").exception(Condition.BAD_REQUEST);
        }
        return reply.build();
    }

    void set(Room room, Element q, EntityFullJid sender) throws StanzaException {
        List<Element> items = q.elements().stream().filter(e -> e.is("item", Namespaces.MUC_ADMIN)).toList();
        if (items.isEmpty()) {
            throw new StanzaException(Condition.BAD_REQUEST);
        }
        Affiliation actor = room.affiliation(sender.asEntityBareJid().toString());
        Occupant actorOccupant = room.occupantOf(sender);
        String actorNick = actorOccupant != null ? actorOccupant.nick : null;
        for (Element item : items) { // before any change: a refused reason changes nothing
            checks.refuseListedWords(reason(item), TextChecks.Field.REASON);
        }
        for (Element item : items) {
            if (item.attribute("affiliation") != null) {
                Affiliation to = Affiliation.of(item.attribute("affiliation")).orElseThrow(
                        () -> new StanzaException(Condition.BAD_REQUEST, "unknown affiliation " + item.attribute("affiliation")));
                String target;
                if (item.attribute("jid") != null) {
                    target = accounts.existing(bareOf(item.attribute("jid"))).toString();
                } else if (item.attribute("nick") != null && room.occupants.containsKey(item.attribute("nick"))) {
                    target = room.occupants.get(item.attribute("nick")).user.toString();
                } else {
                    throw new StanzaException(Condition.BAD_REQUEST, "an affiliation change names a jid");
                }
                setAffiliation(room, actor, actorNick, target, to, reason(item));
            } else if (item.attribute("role") != null) {
                Role to = Role.of(item.attribute("role")).orElseThrow(
                        () -> new StanzaException(Condition.BAD_REQUEST, "unknown role " + item.attribute("role")));
                setRole(room, actor, actorOccupant, item.attribute("nick"), to, reason(item));
            } else {
                throw new StanzaException(Condition.BAD_REQUEST, "an item changes an affiliation or a role");
            }
        }
    }

    private static String reason(Element item) {
        return item.child("reason", Namespaces.MUC_ADMIN).map(Element::text).orElse(null);
    }

    private static String bareOf(String jid) {
        int slash = jid.indexOf('/');
        return slash < 0 ? jid : jid.substring(0, slash);
    }

    private void setAffiliation(Room room, Affiliation actor, String actorNick, String target, Affiliation to,
            String reason) throws StanzaException {
        if (!actor.isAdmin()) {
            throw texts.text("admin.members.admins.only").exception(Condition.FORBIDDEN);
        }
        Affiliation current = room.affiliation(target);
        if ((to.isAdmin() || current.isAdmin()) && actor != Affiliation.OWNER) {
            throw texts.text("admin.owners.only").exception(Condition.FORBIDDEN);
        }
        if (current == Affiliation.OWNER && to != Affiliation.OWNER && room.owners() <= 1) {
            throw texts.text("admin.last.owner").exception(Condition.CONFLICT);
        }
        if (current == to) {
            return;
        }
        Member before = room.members.get(target);
        Member after;
        if (to == Affiliation.NONE) {
            store.deleteMember(room.number, target);
            room.members.remove(target);
            after = before == null ? new Member(target, Affiliation.NONE, null, null) : before.withAffiliation(Affiliation.NONE);
        } else {
            after = before == null ? new Member(target, to, null, null) : before.withAffiliation(to);
            store.saveMember(room.number, after);
            room.members.put(target, after);
        }
        if (to == Affiliation.OUTCAST) {
            store.removeInvitation(room.number, target);
        }
        Occupant present = room.occupantOfUser(target);
        if (present == null) {
            out.affiliationChanged(room, target, after);
        } else if (to == Affiliation.OUTCAST) {
            out.remove(room, present, to, MucStatus.of(MucStatus.BANNED), actorNick, reason);
        } else if (to == Affiliation.NONE && room.info.membersOnly()) {
            out.remove(room, present, to, MucStatus.of(MucStatus.REMOVED_AFFILIATION_CHANGE), actorNick, reason);
        } else {
            present.role = room.defaultRole(to);
            out.broadcastPresence(room, present, MucStatus.of());
        }
    }

    private void setRole(Room room, Affiliation actor, Occupant actorOccupant, String nick, Role to, String reason)
            throws StanzaException {
        if (actorOccupant == null || actorOccupant.role != Role.MODERATOR) {
            throw texts.text("admin.moderators.only").exception(Condition.FORBIDDEN);
        }
        Occupant target = nick == null ? null : room.occupants.get(nick);
        if (target == null) {
            throw (nick == null ? texts.text("occupant.nobody") : texts.text("occupant.absent", nick))
                    .exception(Condition.ITEM_NOT_FOUND);
        }
        Affiliation targetAffiliation = room.affiliation(target.user.toString());
        if (to != Role.MODERATOR && (targetAffiliation == Affiliation.OWNER
                || targetAffiliation == Affiliation.ADMIN && actor != Affiliation.OWNER)) {
            throw texts.text("admin.protected").exception(Condition.NOT_ALLOWED);
        }
        if (to == Role.MODERATOR && !actor.isAdmin()) {
            throw texts.text("admin.moderator.appoint").exception(Condition.FORBIDDEN);
        }
        if (to == Role.NONE) {
            out.remove(room, target, targetAffiliation, MucStatus.of(MucStatus.KICKED), actorOccupant.nick, reason);
        } else {
            target.role = to;
            out.broadcastPresence(room, target, MucStatus.of());
        }
    }
}
