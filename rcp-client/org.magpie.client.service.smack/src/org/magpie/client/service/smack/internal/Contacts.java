package org.magpie.client.service.smack.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.Stanza;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jxmpp.jid.BareJid;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FriendRequest;

/** Smack's roster entries and subscription requests as the service API's values. */
public final class Contacts {

    private Contacts() {
    }

    /** Every entry of a roster, by account. */
    public static List<Contact> of(Roster roster) {
        List<Contact> contacts = new ArrayList<>();
        for (RosterEntry e : roster.getEntries()) {
            contacts.add(of(roster, e));
        }
        contacts.sort(Comparator.comparing(Contact::account));
        return List.copyOf(contacts);
    }

    public static Contact of(Roster roster, RosterEntry entry) {
        BareJid jid = entry.getJid();
        String name = entry.getName();
        String nickname = name == null || name.isBlank() ? localpart(jid) : name.strip();
        Presence presence = roster.getPresence(jid);
        boolean online = presence != null && presence.isAvailable();
        String status = online && presence.getStatus() != null && !presence.getStatus().isBlank()
                ? presence.getStatus().strip() : null;
        Contact.Subscription subscription = switch (entry.getType()) {
            case to -> Contact.Subscription.TO;
            case from -> Contact.Subscription.FROM;
            case both -> Contact.Subscription.BOTH;
            default -> Contact.Subscription.NONE;
        };
        return new Contact(jid.toString(), nickname, online, status, subscription, entry.isSubscriptionPending());
    }

    /** A subscription request: the requester, its XEP-0172 nickname, and the status text as greeting. */
    public static FriendRequest request(Presence subscribe) {
        BareJid from = subscribe.getFrom().asBareJid();
        String nickname = nickname(subscribe);
        String greeting = subscribe.getStatus();
        return new FriendRequest(from.toString(), nickname == null ? localpart(from) : nickname,
                greeting == null || greeting.isBlank() ? null : greeting.strip());
    }

    /** XEP-0172 nickname of a stanza, or null. */
    public static String nickname(Stanza stanza) {
        ExtensionElement e = stanza.getExtension(Nick.QNAME);
        String nick = null;
        if (e instanceof Nick n) {
            nick = n.getName();
        } else if (e instanceof StandardExtensionElement se) {
            nick = se.getText();
        }
        return nick == null || nick.isBlank() ? null : nick.strip();
    }

    /** Whether this user sees the contact's presence or has asked to. */
    public static boolean askedOrSees(RosterEntry entry) {
        return entry != null && (entry.canSeeHisPresence() || entry.isSubscriptionPending());
    }

    /** Whether the contact may see this user's presence already. */
    public static boolean approved(RosterEntry entry) {
        return entry != null && entry.canSeeMyPresence();
    }

    private static String localpart(BareJid jid) {
        return jid.getLocalpartOrNull() == null ? jid.toString() : jid.getLocalpartOrNull().toString();
    }
}
