package org.magpie.plugin.rooms.internal;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * Requests to the service itself ({@code rooms.<domain>}): its disco#info and disco#items (the public
 * groups), ping, and the Magpie groups protocol of namespace {@value #NS}: the next free number,
 * create a group, my groups; plus leaving a group for good, sent to the group.
 */
final class GroupsProtocol {

    static final String NS = "urn:magpie:rooms:0";

    private final RoomRegistry rooms;
    private final RoomStore store;
    private final RoomOutbox out;
    private final TextChecks checks;
    private final Texts texts;

    GroupsProtocol(RoomRegistry rooms, RoomStore store, RoomOutbox out, TextChecks checks, Texts texts) {
        this.rooms = rooms;
        this.store = store;
        this.out = out;
        this.checks = checks;
        this.texts = texts;
    }

    /** A stanza to the service's own address. */
    void toService(Stanza s, EntityFullJid sender) throws StanzaException {
        if (!s.isIq()) {
            if (s.isMessage()) {
                throw texts.text("message.to.service", rooms.service().toString()).exception(Condition.BAD_REQUEST);
            }
            return;
        }
        Element q = s.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        boolean get = s.is(IqType.GET);
        String user = sender.asEntityBareJid().toString();
        Element reply;
        if (q.is("query", Namespaces.DISCO_INFO) && get && q.attribute("node") == null) {
            reply = Element.builder("query", Namespaces.DISCO_INFO)
                    .child(Disco.identity(texts.text("service.name").english()))
                    .children(Disco.features(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.MUC, NS, Namespaces.PING))
                    .build();
        } else if (q.is("query", Namespaces.DISCO_ITEMS) && get && q.attribute("node") == null) {
            Element.Builder items = Element.builder("query", Namespaces.DISCO_ITEMS);
            for (RoomInfo r : store.publicRooms()) {
                items.child(Disco.item(rooms.roomJid(r), r.name()));
            }
            reply = items.build();
        } else if (q.is("ping", Namespaces.PING)) {
            reply = null;
        } else if (q.is("next", NS) && get) {
            long number = rooms.reserveNext(user);
            reply = Element.builder("next", NS).attribute("number", Long.toString(number))
                    .attribute("jid", rooms.roomJid(number).toString()).build();
        } else if (q.is("create", NS) && !get) {
            reply = create(q, user);
        } else if (q.is("rooms", NS) && get) {
            reply = myRooms(user);
        } else {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        out.send(s.resultReply(reply));
    }

    /** The Magpie create request: a configured, open room, or conflict when the number is taken. */
    private Element create(Element q, String user) throws StanzaException {
        String name = q.attribute("name") == null ? "" : q.attribute("name").strip();
        String description = q.attribute("description") == null ? "" : q.attribute("description").strip();
        checks.newGroupName(name);
        checks.description(description);
        Room room = rooms.create(q.attribute("number"), user, name, description, bool(q.attribute("membersonly")));
        return Element.builder("create", NS).child(roomElement(room.info, Affiliation.OWNER, null)).build();
    }

    private Element myRooms(String user) {
        Element.Builder list = Element.builder("rooms", NS);
        for (RoomStore.Membership m : store.membershipsOf(user)) {
            // the Magpie client lists groups by number; named rooms are for standard clients' bookmarks
            if (m.room().named()) {
                continue;
            }
            if (!m.room().locked() || m.member().affiliation() == Affiliation.OWNER) {
                list.child(roomElement(m.room(), m.member().affiliation(), m.member().nickname()));
            }
        }
        return list.build();
    }

    private Element roomElement(RoomInfo r, Affiliation affiliation, String nick) {
        return Element.builder("room", NS).attribute("number", Long.toString(r.number()))
                .attribute("jid", rooms.roomJid(r.number()).toString()).attribute("name", r.name())
                .attribute("description", r.description().isEmpty() ? null : r.description())
                .attribute("membersonly", Boolean.toString(r.membersOnly()))
                .attribute("affiliation", affiliation.xmlName()).attribute("nick", nick).build();
    }

    /** The Magpie leave request: a member leaves the group for good. Under the room's monitor. */
    void leave(Room room, EntityFullJid sender) throws StanzaException {
        String user = sender.asEntityBareJid().toString();
        Member m = room.members.get(user);
        if (m == null || !m.affiliation().isMember()) {
            throw texts.text("leave.not.member", room.address).exception(Condition.ITEM_NOT_FOUND);
        }
        if (m.affiliation() == Affiliation.OWNER && room.owners() <= 1) {
            throw texts.text("leave.only.owner").exception(Condition.NOT_ALLOWED);
        }
        store.deleteMember(room.number, user);
        room.members.remove(user);
        out.memberLeft(room, user, m);
    }

    /** A boolean as forms and the create request write it. */
    static boolean bool(String v) {
        return v != null && ("1".equals(v.strip()) || "true".equalsIgnoreCase(v.strip()));
    }

}
