package org.magpie.plugin.rooms.internal;

import static org.magpie.plugin.rooms.internal.RoomRegistry.occupantJid;

import java.util.List;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A group or named room ends (XEP-0045 §10.9: destroyed by its owner; or a temporary room left empty):
 * everyone in it learns so, and nothing of it stays: not its settings,
 * members, invitations (the database drops them with the room) nor its history. Called under the
 * room's monitor.
 */
final class Destruction {

    private static final Logger LOG = LoggerFactory.getLogger(Destruction.class);

    private final RoomRegistry rooms;
    private final RoomStore store;
    private final RoomOutbox out;
    private final Supplier<RoomHistory> history;

    Destruction(RoomRegistry rooms, RoomStore store, RoomOutbox out, Supplier<RoomHistory> history) {
        this.rooms = rooms;
        this.store = store;
        this.out = out;
        this.history = history;
    }

    /** XEP-0045: a temporary room goes with its last occupant, however they left. */
    void destroyIfTemporaryAndEmpty(Room room) {
        if (room.occupants.isEmpty() && !room.info.persistent() && !room.destroyed) {
            destroy(room, null);
        }
    }

    void destroy(Room room, String reason) {
        for (Occupant o : room.occupantList()) {
            for (EntityFullJid to : o.sessions.keySet()) {
                Element.Builder d = Element.builder("destroy", Namespaces.MUC_USER);
                if (reason != null) {
                    d.child(Element.builder("reason", Namespaces.MUC_USER).text(reason).build());
                }
                Element x = Element.builder("x", Namespaces.MUC_USER).child(Element.builder("item", Namespaces.MUC_USER)
                        .attribute("affiliation", Affiliation.NONE.xmlName()).attribute("role", Role.NONE.xmlName()).build())
                        .child(d.build()).child(MucStatus.SELF_PRESENCE.element()).build();
                out.send(Stanza.create(Stanza.Kind.PRESENCE, occupantJid(room, o.nick), to, PresenceType.UNAVAILABLE, null,
                        List.of(x)));
            }
        }
        room.occupants.clear();
        room.destroyed = true;
        store.delete(room.number);
        history.get().forget(room.jid);
        rooms.forget(room);
        LOG.info("room {} destroyed", room.jid);
    }
}
