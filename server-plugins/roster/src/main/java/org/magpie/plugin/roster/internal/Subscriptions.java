package org.magpie.plugin.roster.internal;

import static org.magpie.plugin.roster.internal.RosterContext.presence;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;

/**
 * Presence subscriptions between local accounts (RFC 6121 §3): a subscription presence a client sends
 * changes its own roster (outbound) and the addressee's (inbound), as {@link SubscriptionEvent} says,
 * and goes on to the addressee only where RFC 6121 delivers it. Requests nobody answered yet are
 * stored and come again at every login. Everything here runs under {@link RosterContext#lock}.
 */
final class Subscriptions {

    static final String NICK_NS = "http://jabber.org/protocol/nick";
    static final int MAX_STATUS = 1000;

    private final RosterContext context;
    private final RosterStore store;
    private final RosterPushes pushes;
    private final PresenceBroadcast presence;

    Subscriptions(RosterContext context, RosterPushes pushes, PresenceBroadcast presence) {
        this.context = context;
        this.store = context.store;
        this.pushes = pushes;
        this.presence = presence;
    }

    /** A subscription presence a client sent to {@code to}. */
    Verdict outbound(Stanza stanza, PresenceType type, EntityBareJid self, Jid to) {
        if (!to.hasLocalpart()) {
            return Verdict.reject(context.texts.text("subscription.not.account").error(Condition.BAD_REQUEST));
        }
        EntityBareJid contact = to.asEntityBareJidIfPossible();
        if (!context.isLocal(contact)) {
            return Verdict.pass(stanza.withFrom(self).withTo(contact)); // the core refuses other domains
        }
        if (contact.equals(self)) {
            return type == PresenceType.SUBSCRIBE
                    ? Verdict.reject(context.texts.text("roster.self").error(Condition.NOT_ACCEPTABLE)) : Verdict.drop();
        }
        synchronized (context.lock) {
            switch (type) {
                case SUBSCRIBE -> {
                    if (context.accounts.find(contact.getLocalpart().toString()).isEmpty()) {
                        return Verdict.reject(context.texts.text("subscription.no.such.account", contact.toString())
                                .error(Condition.ITEM_NOT_FOUND));
                    }
                    outboundSubscribe(stanza, self, contact);
                }
                case SUBSCRIBED -> outboundSubscribed(stanza, self, contact);
                case UNSUBSCRIBE -> outboundUnsubscribe(stanza, self, contact);
                case UNSUBSCRIBED -> outboundUnsubscribed(stanza, self, contact);
                default -> throw new IllegalArgumentException(type.toString());
            }
        }
        return Verdict.drop();
    }

    /** RFC 6121 §2.5.2: a roster remove cancels both directions, then deletes the item. */
    void removeContact(EntityBareJid user, EntityBareJid contact) throws StanzaException {
        Optional<RosterItem> found = store.item(user.toString(), contact.toString());
        if (found.isEmpty()) {
            throw context.texts.text("roster.not.in.list").exception(Condition.ITEM_NOT_FOUND);
        }
        RosterItem item = found.get();
        if (context.isLocal(contact)) {
            if (item.subscription().hasTo() || item.askOut()) {
                inboundUnsubscribe(presence(user, contact, PresenceType.UNSUBSCRIBE, null, List.of()), contact, user);
            }
            boolean pendingIn = store.removeRequest(user.toString(), contact.toString());
            if (item.subscription().hasFrom() || pendingIn) {
                inboundUnsubscribed(presence(user, contact, PresenceType.UNSUBSCRIBED, null, List.of()), contact, user);
                if (item.subscription().hasFrom()) {
                    presence.sendUnavailable(user, contact);
                }
            }
        }
        store.delete(user.toString(), contact.toString());
        pushes.removed(user, contact.toString());
    }

    // ---------------------------------------------------------------- subscribe (RFC 6121 §3.1)

    private void outboundSubscribe(Stanza stanza, EntityBareJid user, EntityBareJid contact) {
        change(user, item(user, contact), SubscriptionEvent.OUTBOUND_SUBSCRIBE);
        List<Node> children = new ArrayList<>(payload(stanza));
        if (stanza.element().child("nick", NICK_NS).isEmpty()) {
            context.accountNickname(user).ifPresent(n -> children.add(Element.builder("nick", NICK_NS).text(n).build()));
        }
        inboundSubscribe(presence(user, contact, PresenceType.SUBSCRIBE, stanza.id(), children), user, contact);
    }

    private void inboundSubscribe(Stanza request, EntityBareJid requester, EntityBareJid owner) {
        if (item(owner, requester).subscription().hasFrom()) {
            // already approved: answer for the owner (RFC 6121 §3.1.3)
            if (inboundSubscribed(presence(owner, requester, PresenceType.SUBSCRIBED, null, List.of()), requester, owner)) {
                presence.sendCurrentPresence(owner, requester);
            }
            return;
        }
        String status = request.element().child("status", Namespaces.CLIENT).map(Element::text).map(Subscriptions::clip)
                .orElse(null);
        String nick = request.element().child("nick", NICK_NS).map(Element::text).map(Subscriptions::clip).orElse(null);
        store.addRequest(owner.toString(), requester.toString(), status, nick, context.clock.instant());
        context.route(request); // to the owner's available resources; the others get it at their login
    }

    // ---------------------------------------------------------------- subscribed (RFC 6121 §3.1.5)

    private void outboundSubscribed(Stanza stanza, EntityBareJid contact, EntityBareJid user) {
        boolean pending = store.removeRequest(contact.toString(), user.toString());
        RosterItem item = item(contact, user);
        if (!pending && !item.subscription().hasFrom()) {
            return; // nothing was asked: no pre-approval here (RFC 6121 §3.4 is optional)
        }
        change(contact, item, SubscriptionEvent.OUTBOUND_SUBSCRIBED);
        if (inboundSubscribed(presence(contact, user, PresenceType.SUBSCRIBED, stanza.id(), payload(stanza)), user, contact)) {
            presence.sendCurrentPresence(contact, user);
        }
    }

    /** @return whether the user's roster changed (the user was asking) */
    private boolean inboundSubscribed(Stanza approval, EntityBareJid user, EntityBareJid contact) {
        if (change(user, item(user, contact), SubscriptionEvent.INBOUND_SUBSCRIBED).isEmpty()) {
            return false; // RFC 6121 §3.1.6: not asked for, so ignored
        }
        context.route(approval);
        return true;
    }

    // ---------------------------------------------------------------- unsubscribe (RFC 6121 §3.3)

    private void outboundUnsubscribe(Stanza stanza, EntityBareJid user, EntityBareJid contact) {
        change(user, item(user, contact), SubscriptionEvent.OUTBOUND_UNSUBSCRIBE);
        inboundUnsubscribe(presence(user, contact, PresenceType.UNSUBSCRIBE, stanza.id(), payload(stanza)), contact, user);
    }

    private void inboundUnsubscribe(Stanza request, EntityBareJid contact, EntityBareJid user) {
        boolean pending = store.removeRequest(contact.toString(), user.toString());
        boolean hadFrom = change(contact, item(contact, user), SubscriptionEvent.INBOUND_UNSUBSCRIBE).isPresent();
        if (pending || hadFrom) {
            context.route(request);
        }
        if (hadFrom) {
            presence.sendUnavailable(contact, user);
        }
    }

    // ---------------------------------------------------------------- unsubscribed (RFC 6121 §3.2)

    private void outboundUnsubscribed(Stanza stanza, EntityBareJid contact, EntityBareJid user) {
        store.removeRequest(contact.toString(), user.toString());
        boolean hadFrom = change(contact, item(contact, user), SubscriptionEvent.OUTBOUND_UNSUBSCRIBED).isPresent();
        inboundUnsubscribed(presence(contact, user, PresenceType.UNSUBSCRIBED, stanza.id(), payload(stanza)), user, contact);
        if (hadFrom) {
            presence.sendUnavailable(contact, user);
        }
    }

    private void inboundUnsubscribed(Stanza refusal, EntityBareJid user, EntityBareJid contact) {
        if (change(user, item(user, contact), SubscriptionEvent.INBOUND_UNSUBSCRIBED).isPresent()) {
            context.route(refusal);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** The owner's item for the contact; a fresh one (which no event but a subscribe changes) when there is none. */
    private RosterItem item(EntityBareJid owner, EntityBareJid contact) {
        return store.item(owner.toString(), contact.toString()).orElse(RosterItem.fresh(contact.toString()));
    }

    /** Applies the event to the owner's item, saving and pushing it when it changed. */
    private Optional<RosterItem> change(EntityBareJid owner, RosterItem item, SubscriptionEvent event) {
        Optional<RosterItem> changed = event.apply(item);
        changed.ifPresent(next -> {
            store.save(owner.toString(), next);
            pushes.changed(owner, next);
        });
        return changed;
    }

    /** The children of a client's subscription presence worth passing on (status, nick, ...), not errors. */
    private static List<Node> payload(Stanza stanza) {
        List<Node> result = new ArrayList<>();
        for (Element e : stanza.element().elements()) {
            if (!e.is("error", Namespaces.CLIENT)) {
                result.add(e);
            }
        }
        return result;
    }

    private static String clip(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        return t.length() > MAX_STATUS ? t.substring(0, MAX_STATUS) : t;
    }
}
