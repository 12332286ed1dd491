package org.magpie.client.service.smack.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.OrFilter;
import org.jivesoftware.smack.filter.PresenceTypeFilter;
import org.jivesoftware.smack.filter.StanzaIdFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.PresenceBuilder;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.RosterLoadedListener;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.nick.packet.Nick;
import org.jivesoftware.smackx.ping.PingManager;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.smack.internal.Failures.Operation;

/**
 * Friends over one connection: Smack's roster with live presence as the contact list, and friend
 * requests (presence subscriptions, RFC 6121) that the user answers. Requests that arrive before
 * the roster wait for it, so that the request back of someone who accepted this user's request is
 * told apart (and approved at once: the user asked first).
 */
public final class FriendsManager {

    private static final Logger LOG = Logger.getLogger(FriendsManager.class.getName());

    private final XMPPTCPConnection connection;
    private final Roster roster;
    private final MessagingSession session;
    private final FriendRequests requests;
    /** Subscription requests that came before the roster: they wait for it (guarded by itself). */
    private final List<Presence> early = new ArrayList<>();

    public FriendsManager(XMPPTCPConnection connection, MessagingSession session, FriendRequests requests) {
        this.connection = connection;
        this.roster = Roster.getInstanceFor(connection);
        this.session = session;
        this.requests = requests;
        roster.setRosterLoadedAtLogin(true);
        // friend requests are the user's to answer, never Smack's (its default rejects them all)
        roster.setSubscriptionMode(Roster.SubscriptionMode.manual);
        listen();
    }

    /** The contact list as the roster has it now. */
    public List<Contact> contacts() {
        return Contacts.of(roster);
    }

    /** Asks {@code account} to be friends; the server's refusal (no such account ...) comes as a ServiceException. */
    public void request(String account, String greeting) throws Exception {
        EntityBareJid contact = JidCreate.entityBareFrom(account.strip());
        if (contact.toString().equals(session.account())) {
            throw new ServiceException(FailureKind.INVALID_INPUT, "You cannot add yourself as a friend.");
        }
        RosterEntry entry = roster.getEntry(contact);
        if (entry != null && entry.canSeeHisPresence()) {
            throw new ServiceException(FailureKind.ALREADY_FRIENDS, null);
        }
        PresenceBuilder request = connection.getStanzaFactory().buildPresenceStanza()
                .ofType(Presence.Type.subscribe)
                .to(contact)
                .addExtension(new Nick(session.nickname()));
        if (greeting != null && !greeting.isBlank()) {
            request.setStatus(greeting.strip()); // RFC 6121 3.1.1: the status of a request is shown with it
        }
        Presence presence = request.build();
        StanzaCollector errors = connection.createStanzaCollectorAndSend(new AndFilter(
                PresenceTypeFilter.ERROR,
                new OrFilter(new StanzaIdFilter(presence.getStanzaId()), FromMatchesFilter.createBare(contact))),
                presence);
        try {
            // the server handles a session's stanzas in order: a refusal of the request comes before the pong
            if (!PingManager.getInstanceFor(connection).pingMyServer(false)) {
                throw new ServiceException(FailureKind.TIMEOUT, null);
            }
            Presence error = errors.pollResult();
            if (error != null) {
                StanzaError e = error.getError();
                throw new ServiceException(Failures.kind(e, Operation.FRIENDS), Failures.text(e));
            }
        } finally {
            errors.cancel();
        }
    }

    /** Accepts (subscribed, and a request back unless this user sees the requester or asked already) or rejects. */
    public void answer(String account, boolean accept) throws Exception {
        EntityBareJid requester = JidCreate.entityBareFrom(account.strip());
        if (accept) {
            send(Presence.Type.subscribed, requester, null);
            if (!Contacts.askedOrSees(roster.getEntry(requester))) {
                send(Presence.Type.subscribe, requester, session.nickname());
            }
        } else {
            send(Presence.Type.unsubscribed, requester, null);
        }
        requests.answered(requester.toString());
    }

    /** Ends the friendship: the server ends both subscriptions and tells the contact (RFC 6121 2.5.2). */
    public void remove(String account) throws Exception {
        RosterEntry entry = roster.getEntry(JidCreate.entityBareFrom(account.strip()));
        if (entry != null) {
            roster.removeEntry(entry);
        }
    }

    private void send(Presence.Type type, BareJid to, String nick) throws Exception {
        PresenceBuilder p = connection.getStanzaFactory().buildPresenceStanza().ofType(type).to(to);
        if (nick != null) {
            p.addExtension(new Nick(nick));
        }
        connection.sendStanza(p.build());
    }

    // ================================================================== roster events

    /** Reports the roster and requests while this connection is the session's newest. */
    private void listen() {
        roster.addRosterLoadedListener(new RosterLoadedListener() {
            @Override
            public void onRosterLoaded(Roster loaded) {
                List<Presence> waiting;
                synchronized (early) {
                    waiting = new ArrayList<>(early);
                    early.clear();
                }
                rosterChanged();
                waiting.forEach(FriendsManager.this::subscribeReceived);
            }

            @Override
            public void onRosterLoadingFailed(Exception e) {
                LOG.log(Level.WARNING, "The contact list could not be loaded", e);
            }
        });
        roster.addRosterListener(new RosterListener() {
            @Override
            public void entriesAdded(Collection<Jid> addresses) {
                rosterChanged();
            }

            @Override
            public void entriesUpdated(Collection<Jid> addresses) {
                rosterChanged();
            }

            @Override
            public void entriesDeleted(Collection<Jid> addresses) {
                rosterChanged();
            }

            @Override
            public void presenceChanged(Presence presence) {
                if (session.current(connection) && presence.getFrom() != null) {
                    RosterEntry entry = roster.getEntry(presence.getFrom().asBareJid());
                    if (entry != null) {
                        Contact contact = Contacts.of(roster, entry);
                        session.emit(l -> l.contactChanged(contact));
                    }
                }
            }
        });
        connection.addSyncStanzaListener(p -> {
            synchronized (early) {
                if (!roster.isLoaded()) {
                    early.add((Presence) p); // handled once the roster tells who asked whom
                    return;
                }
            }
            subscribeReceived((Presence) p);
        }, new AndFilter(StanzaTypeFilter.PRESENCE, PresenceTypeFilter.SUBSCRIBE));
    }

    private void rosterChanged() {
        if (!session.current(connection)) {
            return;
        }
        List<Contact> contacts = Contacts.of(roster);
        requests.answeredElsewhere(contacts); // a request answered in another session of this account
        session.emit(l -> l.contactsChanged(contacts));
    }

    /**
     * A subscription request. The request back of someone who accepted this user's request is
     * approved at once (the user asked first); every other one is the user's to answer.
     */
    private void subscribeReceived(Presence p) {
        if (!session.current(connection) || p.getFrom() == null) {
            return;
        }
        BareJid from = p.getFrom().asBareJid();
        if (Contacts.askedOrSees(roster.getEntry(from))) {
            Async.execute(session.work(), () -> {
                try {
                    send(Presence.Type.subscribed, from, null);
                } catch (Exception e) {
                    LOG.log(Level.INFO, "Could not approve the request back of " + from, e);
                }
            });
            return;
        }
        FriendRequest request = Contacts.request(p);
        requests.received(request);
        session.emit(l -> l.friendRequestReceived(request));
    }
}
