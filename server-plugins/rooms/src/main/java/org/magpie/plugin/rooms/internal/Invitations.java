package org.magpie.plugin.rooms.internal;

import java.time.Clock;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invitations to a group, remembered so that a members-only group lets the invitee in once
 * (see {@link JoinRules.MembersOnly}): mediated by the group (XEP-0045 §7.8.2) or sent directly from
 * a member to a user (XEP-0249), which the server notices on its way.
 */
final class Invitations {

    /** XEP-0249 direct invitations. */
    static final String CONFERENCE = "jabber:x:conference";

    private static final Logger LOG = LoggerFactory.getLogger(Invitations.class);

    private final RoomRegistry rooms;
    private final RoomStore store;
    private final RoomOutbox out;
    private final LocalAccounts accounts;
    private final DomainBareJid domain;
    private final Texts texts;
    private final Clock clock;

    Invitations(RoomRegistry rooms, RoomStore store, RoomOutbox out, LocalAccounts accounts, DomainBareJid domain,
            Texts texts, Clock clock) {
        this.rooms = rooms;
        this.store = store;
        this.out = out;
        this.accounts = accounts;
        this.domain = domain;
        this.texts = texts;
        this.clock = clock;
    }

    /** XEP-0045 §7.8.2: the group passes the invitation on and lets the invitee into a members-only room. */
    void mediated(Room room, EntityFullJid sender, Element invite) throws StanzaException {
        EntityBareJid invitee = accounts.existing(invite.attribute("to"));
        String inviter = sender.asEntityBareJid().toString();
        if (!room.affiliation(inviter).isMember() && room.occupantOf(sender) == null) {
            throw texts.text("invite.members.only").exception(Condition.FORBIDDEN);
        }
        if (room.affiliation(invitee.toString()) == Affiliation.OUTCAST) {
            throw texts.text("invite.banned", invitee.toString()).exception(Condition.FORBIDDEN);
        }
        if (!room.affiliation(invitee.toString()).isMember()) {
            store.invite(room.number, invitee.toString(), inviter, clock.instant());
        }
        String reason = invite.child("reason", Namespaces.MUC_USER).map(Element::text).orElse(null);
        Element.Builder forwarded = Element.builder("invite", Namespaces.MUC_USER).attribute("from", sender.toString());
        if (reason != null) {
            forwarded.child(Element.builder("reason", Namespaces.MUC_USER).text(reason).build());
        }
        String body = texts.text("invite.body", inviter, room.info.name(), room.jid.toString()).english();
        List<Node> children = List.of(Element.builder("body", Namespaces.CLIENT).text(body).build(),
                Element.builder("x", Namespaces.MUC_USER).child(forwarded.build()).build());
        out.send(Stanza.create(Stanza.Kind.MESSAGE, room.jid, invitee, MessageType.NORMAL, Stanza.newId(), children));
    }

    /** XEP-0249: a member invited someone directly; remember it so a members-only group lets them in. */
    void direct(Stanza message) {
        Optional<Element> x = message.element().child("x", CONFERENCE);
        Jid from = message.from();
        Jid to = message.to();
        if (x.isEmpty() || from == null || to == null || !to.hasLocalpart() || !to.getDomain().equals(domain)) {
            return;
        }
        try {
            EntityBareJid roomJid = JidCreate.entityBareFrom(x.get().attribute("jid"));
            if (!roomJid.getDomain().equals(rooms.service())) {
                return;
            }
            String address = roomJid.getLocalpart().toString();
            rooms.checkAddress(address, false);
            Room room = rooms.room(address);
            if (room == null) {
                return;
            }
            String inviter = from.asBareJid().toString();
            String invitee = to.asBareJid().toString();
            synchronized (room) {
                Affiliation a = room.affiliation(invitee);
                if (room.affiliation(inviter).isMember() && !a.isMember() && a != Affiliation.OUTCAST) {
                    store.invite(room.number, invitee, inviter, clock.instant());
                }
            }
        } catch (XmppStringprepException | StanzaException | IllegalArgumentException | NullPointerException e) {
            // not an address: the message goes on, it just invites nobody
        } catch (StorageException e) {
            LOG.error("invitation not recorded: {}", e.getMessage(), e);
        }
    }
}
