package org.magpie.plugin.rooms.internal;

import static org.magpie.plugin.rooms.internal.RoomRegistry.occupantJid;

import java.util.function.Supplier;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.RoomArchive;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.forms.DataForm;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;

/**
 * IQs to a group or one of its occupants: disco#info and disco#items of the group, {@code muc#admin}
 * ({@link AdminItems}), {@code muc#owner} ({@link OwnerConfiguration}), its archive (XEP-0313),
 * leaving it ({@link GroupsProtocol}) and ping (XEP-0410 on an occupant JID).
 */
final class RoomIqs {

    /** XEP-0410 §3.3: the service answers a self-ping itself. */
    static final String SELF_PING_OPTIMIZATION = Namespaces.MUC + "#self-ping-optimization";

    private final RoomRegistry rooms;
    private final RoomOutbox out;
    private final Destruction destruction;
    private final AdminItems admin;
    private final OwnerConfiguration owner;
    private final GroupsProtocol protocol;
    /** The message archive while the archive plugin runs, else null. */
    private final Supplier<RoomArchive> archive;
    private final Texts texts;

    RoomIqs(RoomRegistry rooms, RoomOutbox out, Destruction destruction, AdminItems admin, OwnerConfiguration owner, GroupsProtocol protocol,
            Supplier<RoomArchive> archive, Texts texts) {
        this.rooms = rooms;
        this.out = out;
        this.destruction = destruction;
        this.admin = admin;
        this.owner = owner;
        this.protocol = protocol;
        this.archive = archive;
        this.texts = texts;
    }

    void toRoom(Stanza iq, EntityFullJid sender, String address) throws StanzaException {
        Element q = iq.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        boolean get = iq.is(IqType.GET);
        Room room = rooms.existing(address);
        Element reply = null;
        synchronized (room) {
            if (room.destroyed) {
                throw rooms.noSuchGroup(address);
            }
            String user = sender.asEntityBareJid().toString();
            if (room.info.locked() && room.affiliation(user) != Affiliation.OWNER) {
                throw rooms.noSuchGroup(address);
            }
            if (q.is("query", Namespaces.DISCO_INFO) && get) {
                reply = info(room);
            } else if (q.is("query", Namespaces.DISCO_ITEMS) && get) {
                Element.Builder items = Element.builder("query", Namespaces.DISCO_ITEMS);
                // XEP-0045 §6.5: who is in a public, open, non-anonymous named room is no secret; a group's
                // or a closed room's occupants are shown to its occupants only
                boolean open = room.info.named() && !room.info.hidden() && !room.info.membersOnly()
                        && !room.info.semiAnonymous();
                if (open || room.occupantOf(sender) != null) {
                    for (Occupant o : room.occupantList()) {
                        items.child(Disco.item(occupantJid(room, o.nick), null));
                    }
                }
                reply = items.build();
            } else if (q.is("query", Namespaces.MUC_ADMIN) && get) {
                reply = admin.get(room, q, sender);
            } else if (q.is("query", Namespaces.MUC_ADMIN)) {
                admin.set(room, q, sender);
                destruction.destroyIfTemporaryAndEmpty(room); // an admin outside removed the last occupant
            } else if (q.is("query", Namespaces.MUC_OWNER) && get) {
                reply = owner.get(room, sender, iq.element().attribute("xml:lang"));
            } else if (q.is("query", Namespaces.MUC_OWNER)) {
                owner.set(room, q, sender);
                destruction.destroyIfTemporaryAndEmpty(room); // made temporary by an owner outside it
            } else if (q.is("query", Namespaces.MAM) || q.is("metadata", Namespaces.MAM)) {
                reply = archive(room, iq, q, sender, user, get);
            } else if (q.is("leave", GroupsProtocol.NS) && !get) {
                protocol.leave(room, sender);
                destruction.destroyIfTemporaryAndEmpty(room);
            } else if (!q.is("ping", Namespaces.PING)) {
                throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
            }
        }
        out.send(iq.resultReply(reply));
    }

    /**
     * XEP-0410: a client pinging its own occupant JID learns whether it is still in the room: the
     * service answers itself (§3.3), a result when joined and not-acceptable when not, also when the
     * room no longer exists. Any other request to an occupant from outside the room is a bad request
     * (XEP-0045 §6.6).
     */
    void toOccupant(Stanza iq, EntityFullJid sender, String address, String nick) throws StanzaException {
        Element q = iq.payload().orElseThrow(() -> new StanzaException(Condition.BAD_REQUEST));
        Condition outside = q.is("ping", Namespaces.PING) ? Condition.NOT_ACCEPTABLE : Condition.BAD_REQUEST;
        Room room = rooms.room(address);
        if (room == null) {
            throw texts.text("occupant.not.in.group", address).exception(outside);
        }
        synchronized (room) {
            if (room.destroyed || room.occupantOf(sender) == null) {
                throw texts.text("occupant.not.in.group", address).exception(outside);
            }
            if (!q.is("ping", Namespaces.PING) || !room.occupants.containsKey(nick)) {
                throw new StanzaException(Condition.FEATURE_NOT_IMPLEMENTED);
            }
        }
        out.send(iq.resultReply(null));
    }

    /** XEP-0313 on the group: members read its history, nobody else. */
    private Element archive(Room room, Stanza iq, Element q, EntityFullJid sender, String user, boolean get)
            throws StanzaException {
        RoomArchive a = archive.get();
        if (a == null) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        if (!room.affiliation(user).isMember()) {
            throw texts.text("archive.members.only", room.address).exception(Condition.FORBIDDEN);
        }
        if (get) {
            DataForm form = DataForm.of("form", null, null)
                    .with(DataForm.Field.of("FORM_TYPE", "hidden", null, Namespaces.MAM))
                    .with(DataForm.Field.of("start", "text-single", null))
                    .with(DataForm.Field.of("end", "text-single", null));
            return Element.builder("query", Namespaces.MAM).child(form.toElement()).build();
        }
        if (!q.is("query", Namespaces.MAM)) {
            throw new StanzaException(Condition.BAD_REQUEST);
        }
        return a.query(room.jid, q, sender, out::send);
    }

    /** The group's disco#info with its XEP-0045 §6.4 room information form. */
    private Element info(Room room) {
        RoomInfo info = room.info;
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO).child(Disco.identity(info.name()));
        q.children(Disco.features(Namespaces.MUC, Namespaces.DISCO_INFO, GroupsProtocol.NS, SELF_PING_OPTIMIZATION,
                info.persistent() ? "muc_persistent" : "muc_temporary",
                info.semiAnonymous() ? "muc_semianonymous" : "muc_nonanonymous",
                info.moderated() ? "muc_moderated" : "muc_unmoderated", "muc_unsecured",
                info.membersOnly() ? "muc_membersonly" : "muc_open",
                info.membersOnly() || info.hidden() ? "muc_hidden" : "muc_public"));
        if (archive.get() != null) {
            q.children(Disco.features(Namespaces.MAM));
        }
        DataForm form = DataForm.of("result", null, null)
                .with(DataForm.Field.of("FORM_TYPE", "hidden", null, Namespaces.MUC + "#roominfo"))
                .with(DataForm.Field.of(OwnerConfiguration.NAME, null, null, info.name()))
                .with(DataForm.Field.of("muc#roominfo_description", null, null, info.description()))
                .with(DataForm.Field.of("muc#roominfo_occupants", null, null, Integer.toString(room.occupants.size())))
                .with(DataForm.Field.of("muc#roominfo_subject", null, null, room.subject));
        return q.child(form.toElement()).build();
    }
}
