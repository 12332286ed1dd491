package org.magpie.plugin.carbons.internal;

import java.util.List;
import java.util.Set;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

/** Which messages are copied (XEP-0280 §6) and what a copy looks like (§7, §8). */
final class Carbons {

    static final String NS = "urn:xmpp:carbons:2";
    /** XEP-0334: a message that must not be copied. */
    static final String HINTS = "urn:xmpp:hints";

    /** Payloads of instant messaging that make a message without a body worth copying (§6). */
    private static final Set<String> IM_PAYLOADS = Set.of(
            "http://jabber.org/protocol/chatstates", // XEP-0085
            "urn:xmpp:receipts", // XEP-0184
            "urn:xmpp:chat-markers:0", // XEP-0333
            "urn:xmpp:message-correct:0", // XEP-0308
            "urn:xmpp:reactions:0", // XEP-0444
            "urn:xmpp:message-retract:1"); // XEP-0424

    private Carbons() {
    }

    /**
     * Whether a one-to-one message between {@code from} and {@code to} is copied: chat messages, normal
     * ones with a body and IM payloads without one; never groupchat, headlines or errors (an error is
     * copied only when its original was, which the server does not know), never messages marked
     * {@code <private/>} or {@code <no-copy/>}, never another carbon, never between two sessions of one
     * account. Only messages between two accounts of this server: the server does not federate, so
     * anything else is a room or a service, and §6 keeps what a room sends (private messages too) from
     * sessions that are not in the room.
     */
    static boolean eligible(Stanza message) {
        Element e = message.element();
        MessageType type = message.messageType();
        boolean im = type == MessageType.CHAT
                || type == MessageType.NORMAL && (message.body().isPresent() || hasImPayload(e));
        if (!im || message.from() == null || message.to() == null) {
            return false;
        }
        if (e.child("private", NS).isPresent() || e.child("no-copy", HINTS).isPresent()
                || e.childIn(NS).isPresent() || e.childIn(Namespaces.MUC_USER).isPresent()) {
            return false;
        }
        Jid from = message.from();
        Jid to = message.to();
        return from.hasLocalpart() && to.hasLocalpart() && from.getDomain().equals(to.getDomain())
                && !from.asBareJid().equals(to.asBareJid());
    }

    private static boolean hasImPayload(Element message) {
        return message.elements().stream().anyMatch(c -> IM_PAYLOADS.contains(c.namespace()));
    }

    /** {@code <sent/>} or {@code <received/>} around the message, from the account to one of its sessions. */
    static Stanza copy(String direction, Stanza message, EntityBareJid account, Session to) {
        Element forwarded = Element.builder("forwarded", Namespaces.FORWARD).child(message.element()).build();
        Element wrapper = Element.builder(direction, NS).child(forwarded).build();
        return Stanza.create(Stanza.Kind.MESSAGE, account, to.jid().orElseThrow(), message.type(), null, List.of(wrapper));
    }
}
