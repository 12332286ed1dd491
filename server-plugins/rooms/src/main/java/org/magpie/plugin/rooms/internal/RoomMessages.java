package org.magpie.plugin.rooms.internal;

import static org.magpie.plugin.rooms.internal.RoomRegistry.occupantJid;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.jid.parts.Resourcepart;
import org.magpie.server.api.Delay;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.RoomArchive;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages in a group (XEP-0045 §7.4 to §7.5, §8.1): to everyone, stored in the archive before anyone
 * sees them; private to one occupant; the subject; and the history replayed on entering (§7.2.15).
 * Mediated invitations arrive as messages too and go on to {@link Invitations}.
 */
final class RoomMessages {

    private static final Logger LOG = LoggerFactory.getLogger(RoomMessages.class);

    private final RoomRegistry rooms;
    private final RoomOutbox out;
    private final Invitations invitations;
    /** The message archive while the archive plugin runs, else null. */
    private final Supplier<RoomArchive> archive;
    private final Supplier<RoomHistory> history;
    private final Texts texts;
    private final Clock clock;
    private final int historyOnJoin;

    RoomMessages(RoomRegistry rooms, RoomOutbox out, Invitations invitations, Supplier<RoomArchive> archive,
            Supplier<RoomHistory> history, Texts texts, Clock clock, int historyOnJoin) {
        this.rooms = rooms;
        this.out = out;
        this.invitations = invitations;
        this.archive = archive;
        this.history = history;
        this.texts = texts;
        this.clock = clock;
        this.historyOnJoin = historyOnJoin;
    }

    void message(Stanza m, EntityFullJid sender, String address, Resourcepart nick) throws StanzaException {
        Room room = rooms.existing(address);
        MessageType type = m.messageType();
        synchronized (room) {
            if (room.destroyed) {
                throw rooms.noSuchGroup(address);
            }
            if (nick != null) {
                privateMessage(room, m, sender, nick.toString(), type);
                return;
            }
            if (type == MessageType.GROUPCHAT) {
                groupMessage(room, m, sender);
                return;
            }
            Optional<Element> x = m.element().child("x", Namespaces.MUC_USER);
            Optional<Element> invite = x.flatMap(e -> e.child("invite", Namespaces.MUC_USER));
            if (invite.isPresent()) {
                invitations.mediated(room, sender, invite.get());
                return;
            }
            if (x.flatMap(e -> e.child("decline", Namespaces.MUC_USER)).isPresent()) {
                return; // a declined invitation needs nothing from the group
            }
        }
        throw texts.text("message.groupchat.only").exception(Condition.BAD_REQUEST);
    }

    private void groupMessage(Room room, Stanza m, EntityFullJid sender) throws StanzaException {
        Occupant o = occupantSending(room, sender);
        if (o.role == Role.VISITOR) {
            throw texts.text("message.visitor").exception(Condition.FORBIDDEN);
        }
        Optional<Element> subject = m.element().child("subject", Namespaces.CLIENT);
        boolean hasBody = m.body().isPresent();
        if (subject.isPresent() && !hasBody) {
            if (o.role != Role.MODERATOR && !room.info.subjectByOccupants()) {
                throw texts.text("subject.moderators.only").exception(Condition.FORBIDDEN);
            }
            room.subject = subject.get().text();
        }
        Stanza sent = Stanza.create(Stanza.Kind.MESSAGE, occupantJid(room, o.nick), null, MessageType.GROUPCHAT,
                m.id() == null ? Stanza.newId() : m.id(), clean(m.element()));
        RoomArchive a = archive.get();
        if (hasBody && a != null) {
            // stored before anyone sees it, with the archive's id as the group's stanza-id (XEP-0359)
            String id;
            try {
                id = a.store(room.jid, sender.asEntityBareJid(), o.nick, sent.element(), memberJids(room));
            } catch (IllegalStateException e) {
                LOG.error("room {}: {}", room.address, e.getMessage());
                throw texts.text("message.not.stored").exception(Condition.INTERNAL_SERVER_ERROR);
            }
            sent = sent.withElement(sent.element().withChild(Element.builder("stanza-id", Namespaces.STANZA_ID)
                    .attribute("id", id).attribute("by", room.jid.toString()).build()));
        } else if (hasBody) {
            history.get().record(room.jid, new RoomHistory.Entry(sent.element(), clock.instant()));
        }
        out.broadcast(room, sent);
    }

    private void privateMessage(Room room, Stanza m, EntityFullJid sender, String nick, MessageType type)
            throws StanzaException {
        if (type == MessageType.GROUPCHAT) {
            throw texts.text("message.private.chat").exception(Condition.BAD_REQUEST);
        }
        Occupant o = occupantSending(room, sender);
        Occupant target = room.occupants.get(nick);
        if (target == null) {
            throw texts.text("occupant.absent", nick).exception(Condition.ITEM_NOT_FOUND);
        }
        List<Node> children = clean(m.element());
        children.add(Element.of("x", Namespaces.MUC_USER));
        for (EntityFullJid to : target.sessions.keySet()) {
            out.send(Stanza.create(Stanza.Kind.MESSAGE, occupantJid(room, o.nick), to, type, m.id(), children));
        }
    }

    private Occupant occupantSending(Room room, EntityFullJid sender) throws StanzaException {
        Occupant o = room.occupantOf(sender);
        if (o == null) {
            throw texts.text("message.not.in.group", room.address).exception(Condition.NOT_ACCEPTABLE);
        }
        return o;
    }

    /** What a sender may put into a room message: not our markers, delays, stanza ids or MUC elements (never forged). */
    private static List<Node> clean(Element message) {
        List<Node> children = new ArrayList<>();
        for (Node n : message.children()) {
            if (n instanceof Element e && (e.namespace().equals(GroupsProtocol.NS) || e.namespace().equals(Namespaces.DELAY)
                    || e.namespace().startsWith(Namespaces.MUC) || e.is("error", Namespaces.CLIENT)
                    || e.namespace().equals(Namespaces.STANZA_ID))) {
                continue;
            }
            children.add(n);
        }
        return children;
    }

    private static List<EntityBareJid> memberJids(Room room) {
        List<EntityBareJid> jids = new ArrayList<>();
        for (Member m : room.members.values()) {
            if (m.affiliation().isMember()) {
                jids.add(JidCreate.entityBareFromOrThrowUnchecked(m.user()));
            }
        }
        return jids;
    }

    /** The recent messages to a session entering the room, as much as it asked for (§7.2.15), each with its delay. */
    void replayHistory(Room room, EntityFullJid to, Stanza join) {
        int max = historyOnJoin;
        Instant since = null;
        Optional<Element> h = join.element().child("x", Namespaces.MUC).flatMap(x -> x.child("history", Namespaces.MUC));
        if (h.isPresent()) {
            Element e = h.get();
            max = Math.min(max, intAttr(e, "maxstanzas", max));
            if ("0".equals(e.attribute("maxchars"))) {
                max = 0;
            }
            int seconds = intAttr(e, "seconds", -1);
            if (seconds >= 0) {
                since = clock.instant().minusSeconds(seconds);
            }
            if (e.attribute("since") != null) {
                try {
                    Instant s = Instant.parse(e.attribute("since"));
                    since = since == null || s.isAfter(since) ? s : since;
                } catch (DateTimeParseException ignored) {
                    // a bad timestamp limits nothing
                }
            }
        }
        for (RoomHistory.Entry entry : history.get().recent(room.jid, max, since)) {
            Element message = entry.message().withAttribute("to", to.toString()).withChild(Delay.of(room.jid, entry.stamp()));
            try {
                out.send(Stanza.of(message));
            } catch (StanzaException ex) {
                LOG.warn("history entry of room {} not sent: {}", room.address, ex.getMessage());
            }
        }
    }

    private static int intAttr(Element e, String name, int fallback) {
        String v = e.attribute(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Math.max(0, Integer.parseInt(v.strip()));
        } catch (NumberFormatException ex) {
            return fallback;
        }
    }
}
