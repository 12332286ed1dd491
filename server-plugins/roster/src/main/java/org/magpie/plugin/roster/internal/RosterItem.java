package org.magpie.plugin.roster.internal;

import java.util.List;
import java.util.Objects;

import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/**
 * One contact in an owner's roster (a row of {@code friends}).
 *
 * @param contact      the contact's bare JID
 * @param subscription the subscription state
 * @param askOut       the owner's subscription request is pending (RFC 6121 "ask")
 * @param name         the name the owner gave the contact, or null
 * @param groups       the owner's groups for the contact, in order, without duplicates
 */
record RosterItem(String contact, Subscription subscription, boolean askOut, String name, List<String> groups) {

    RosterItem {
        Objects.requireNonNull(contact, "contact");
        Objects.requireNonNull(subscription, "subscription");
        groups = List.copyOf(groups);
    }

    static RosterItem fresh(String contact) {
        return new RosterItem(contact, Subscription.NONE, false, null, List.of());
    }

    RosterItem with(Subscription newSubscription, boolean newAsk) {
        return new RosterItem(contact, newSubscription, newAsk, name, groups);
    }

    RosterItem withNameAndGroups(String newName, List<String> newGroups) {
        return new RosterItem(contact, subscription, askOut, newName, newGroups);
    }

    /** The {@code <item/>} element; {@code displayName} is the given name or the contact's nickname. */
    Element toElement(String displayName) {
        Element.Builder b = Element.builder("item", Namespaces.ROSTER)
                .attribute("jid", contact)
                .attribute("name", displayName)
                .attribute("subscription", subscription.xmlName())
                .attribute("ask", askOut ? "subscribe" : null);
        for (String g : groups) {
            b.textChild("group", g);
        }
        return b.build();
    }

    /** The element of a roster push that removes the item. */
    static Element removed(String contact) {
        return Element.builder("item", Namespaces.ROSTER).attribute("jid", contact).attribute("subscription", "remove").build();
    }
}
