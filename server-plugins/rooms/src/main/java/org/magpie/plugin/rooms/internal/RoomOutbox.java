package org.magpie.plugin.rooms.internal;

import static org.magpie.plugin.rooms.internal.RoomRegistry.occupantJid;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;

/**
 * What a group sends to its occupants: their presences as the room shows them (XEP-0045 §7), the
 * removal of one of them, messages to all, and the group's own notices. Called under the room's monitor.
 */
final class RoomOutbox {

    private final Supplier<StanzaRouter> routerSupplier;
    private volatile StanzaRouter router;
    private final Supplier<RoomHistory> history;
    private final Texts texts;
    private final Clock clock;

    /** The router is fetched at first use (see {@link RoomService}). */
    RoomOutbox(Supplier<StanzaRouter> router, Supplier<RoomHistory> history, Texts texts, Clock clock) {
        this.routerSupplier = router;
        this.history = history;
        this.texts = texts;
        this.clock = clock;
    }

    void send(Stanza stanza) {
        StanzaRouter r = router;
        if (r == null) {
            r = Objects.requireNonNull(routerSupplier.get(), "the core's stanza router");
            router = r;
        }
        r.route(stanza);
    }

    /** A message to every session of every occupant. */
    void broadcast(Room room, Stanza message) {
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                send(message.withTo(to));
            }
        }
    }

    /** An occupant's presence to everyone; its own sessions get {@code selfCodes} plus 110. */
    void broadcastPresence(Room room, Occupant o, Set<MucStatus> selfCodes) {
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                send(presenceOf(room, o, to, r == o ? MucStatus.toSelf(selfCodes) : MucStatus.of()));
            }
        }
    }

    /**
     * Whether a session may see who an occupant is: in every group and non-anonymous room; in a
     * semi-anonymous room (XEP-0045 §4.2) only moderators, and the occupant itself.
     */
    static boolean seesRealJid(Room room, Occupant o, EntityFullJid to) {
        if (!room.info.semiAnonymous() || o.sessions.containsKey(to) || o.user.equals(to.asEntityBareJid())) {
            return true;
        }
        Occupant viewer = room.occupantOf(to);
        return viewer != null ? viewer.role == Role.MODERATOR : room.affiliation(to.asEntityBareJid().toString()).isAdmin();
    }

    /** An occupant's presence as the room shows it: its show and status, plus who it is (non-anonymous). */
    Stanza presenceOf(Room room, Occupant o, EntityFullJid to, Set<MucStatus> codes) {
        List<Node> children = new ArrayList<>();
        for (Element e : o.presence().element().elements()) {
            if (e.is("show", Namespaces.CLIENT) || e.is("status", Namespaces.CLIENT)) {
                children.add(e);
            }
        }
        children.add(mucUser(Element.builder("item", Namespaces.MUC_USER)
                .attribute("affiliation", room.affiliation(o.user.toString()).xmlName())
                .attribute("role", o.role.xmlName())
                .attribute("jid", seesRealJid(room, o, to) ? o.mainSession().toString() : null).build(), codes));
        return Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.AVAILABLE, null, children);
    }

    /** An occupant going, or going by its old nickname ({@code newNick}), seen by one session. */
    Stanza unavailable(Room room, Occupant o, EntityFullJid to, Affiliation a, Role role, Set<MucStatus> codes,
            String newNick, String status) {
        List<Node> children = new ArrayList<>();
        if (status != null && !status.isBlank()) {
            children.add(Element.builder("status", Namespaces.CLIENT).text(status).build());
        }
        children.add(mucUser(Element.builder("item", Namespaces.MUC_USER)
                .attribute("affiliation", a.xmlName()).attribute("role", role.xmlName())
                .attribute("jid", !seesRealJid(room, o, to) ? null
                        : o.sessions.isEmpty() ? o.user.toString() : o.mainSession().toString())
                .attribute("nick", newNick).build(), codes));
        return Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.UNAVAILABLE, null, children);
    }

    /** Takes an occupant out of the room (kick, ban, membership removed), telling everyone why. */
    void remove(Room room, Occupant o, Affiliation a, Set<MucStatus> why, String actor, String reason) {
        room.occupants.remove(o.nick);
        for (EntityFullJid to : o.sessions.keySet()) {
            send(removal(room, o, to, a, MucStatus.toSelf(why), actor, reason));
        }
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                send(removal(room, o, to, a, why, actor, reason));
            }
        }
    }

    private Stanza removal(Room room, Occupant o, EntityFullJid to, Affiliation a, Set<MucStatus> codes, String actor,
            String reason) {
        Element.Builder item = Element.builder("item", Namespaces.MUC_USER).attribute("affiliation", a.xmlName())
                .attribute("role", Role.NONE.xmlName())
                .attribute("jid", seesRealJid(room, o, to) ? o.mainSession().toString() : null);
        if (actor != null) {
            item.child(Element.builder("actor", Namespaces.MUC_USER).attribute("nick", actor).build());
        }
        if (reason != null && !reason.isBlank()) {
            item.child(Element.builder("reason", Namespaces.MUC_USER).text(reason).build());
        }
        return Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.UNAVAILABLE, null,
                List.of(mucUser(item.build(), codes)));
    }

    /** {@code <x xmlns='muc#user'>} with an item and status codes (a set made by {@link MucStatus}, so sorted). */
    static Element mucUser(Element item, Set<MucStatus> codes) {
        Element.Builder x = Element.builder("x", Namespaces.MUC_USER).child(item);
        codes.forEach(c -> x.child(c.element()));
        return x.build();
    }

    /** {@code <x xmlns='muc#user'>} with one status code and nothing else, for a message from the room. */
    static Element statusOnly(MucStatus code) {
        return Element.builder("x", Namespaces.MUC_USER).child(code.element()).build();
    }

    /**
     * Keeps member lists live: a member added or removed who is not in the room is announced to the
     * occupants with an unavailable presence carrying the new affiliation (XEP-0045 §9), plus a Magpie
     * marker with the bare JID, nickname and affiliation.
     */
    void affiliationChanged(Room room, String user, Member m) {
        if (room.named()) {
            return; // plain XEP-0045: a named room keeps no live member list for users who are not in it
        }
        String nick = m.nickname() != null ? m.nickname() : localpart(user);
        if (room.occupants.containsKey(nick)) {
            nick = nick + " (" + user + ")";
        }
        Element marker = Element.builder("event", GroupsProtocol.NS).attribute("type", "affiliation").attribute("jid", user)
                .attribute("nick", m.nickname()).attribute("affiliation", m.affiliation().xmlName()).build();
        Element x = mucUser(Element.builder("item", Namespaces.MUC_USER).attribute("affiliation", m.affiliation().xmlName())
                .attribute("role", Role.NONE.xmlName()).attribute("jid", user).build(), MucStatus.of());
        for (Occupant r : room.occupantList()) {
            for (EntityFullJid to : r.sessions.keySet()) {
                send(Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, nick), to, PresenceType.UNAVAILABLE, null,
                        room.named() ? List.of(x) : List.of(x, marker))); // Magpie markers are for groups
            }
        }
    }

    /**
     * A member leaves the group for good (they asked, or their account was removed): out of the room
     * if they are in it, out of the member lists otherwise, and a notice to all.
     *
     * @param member their stored membership, null when there was none
     */
    void memberLeft(Room room, String user, Member member) {
        Occupant o = room.occupantOfUser(user);
        String nick = o != null ? o.nick : member != null && member.nickname() != null ? member.nickname() : localpart(user);
        if (o != null) {
            remove(room, o, Affiliation.NONE, MucStatus.of(MucStatus.REMOVED_AFFILIATION_CHANGE), null, null);
        } else if (member != null) {
            affiliationChanged(room, user, member.withAffiliation(Affiliation.NONE));
        }
        if (!room.named()) {
            notice(room, nick, user, "left", texts.text("notice.left", nick).english());
        }
    }

    /**
     * A message from the group itself (join and leave notices), kept in its history. The body is
     * English for every reader: clients show or localise it by its marker.
     */
    void notice(Room room, String nick, String user, String event, String body) {
        Element marker = Element.builder("event", GroupsProtocol.NS).attribute("type", event).attribute("nick", nick)
                .attribute("jid", user).build();
        Stanza notice = Stanza.create(Stanza.Kind.MESSAGE, room.jid, null, MessageType.GROUPCHAT, Stanza.newId(),
                List.of(Element.builder("body", Namespaces.CLIENT).text(body).build(), marker));
        broadcast(room, notice);
        history.get().record(room.jid, new RoomHistory.Entry(notice.element(), clock.instant()));
    }

    static String localpart(String user) {
        return user.substring(0, user.indexOf('@'));
    }
}
