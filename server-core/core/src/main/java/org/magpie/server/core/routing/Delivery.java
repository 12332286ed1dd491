package org.magpie.server.core.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.parts.Domainpart;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.DeliveryGate;
import org.magpie.server.api.DeliveryListener;
import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.IqType;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.core.session.LocalSession;
import org.magpie.server.core.session.SessionRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers an addressed stanza by the rules of RFC 6120 section 10 and RFC 6121 section 8 for the
 * server's own domain: to a full JID, to an account's resources, or to the {@link DomainComponent}
 * of a subdomain ({@code rooms.<domain>}). There is no server-to-server federation: other domains
 * get {@code remote-server-not-found}. What cannot be delivered is bounced to its sender.
 */
final class Delivery {

    private static final Logger LOG = LoggerFactory.getLogger(Delivery.class);

    private final DomainBareJid domain;
    private final SessionRegistry sessions;
    private final Extensions extensions;
    private final AccountService accounts;

    Delivery(DomainBareJid domain, SessionRegistry sessions, Extensions extensions, AccountService accounts) {
        this.domain = domain;
        this.sessions = sessions;
        this.extensions = extensions;
        this.accounts = accounts;
    }

    void deliver(Stanza stanza) {
        Jid to = stanza.to();
        if (!to.getDomain().equals(domain)) {
            toOtherDomain(stanza);
            return;
        }
        if (!to.hasLocalpart()) {
            if (StanzaTypes.isRequest(stanza)) {
                bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
            }
            return;
        }
        EntityBareJid bare = to.asEntityBareJidIfPossible();
        if (withheld(stanza, bare)) {
            if (StanzaTypes.isRequest(stanza) || stanza.isMessage()) {
                bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
            }
            return;
        }
        if (to.hasResource()) {
            LocalSession target = sessions.find(to.asEntityFullJidIfPossible());
            if (target != null) {
                target.send(stanza);
                if (stanza.isMessage()) {
                    delivered(stanza, List.of(target));
                }
                return;
            }
            switch (stanza.kind()) {
                case IQ -> {
                    if (!stanza.is(IqType.ERROR) && !stanza.is(IqType.RESULT)) {
                        bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
                    }
                    return;
                }
                case PRESENCE -> {
                    return;
                }
                case MESSAGE -> {
                    if (stanza.is(MessageType.GROUPCHAT)) {
                        bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
                        return;
                    }
                    if (stanza.is(MessageType.ERROR)) {
                        return;
                    }
                    // chat, normal and headline to a resource that is gone go to the account
                }
            }
        }
        List<LocalSession> online = sessions.of(bare);
        switch (stanza.kind()) {
            case MESSAGE -> toAccount(stanza, bare, online);
            case PRESENCE -> {
                for (LocalSession s : online) {
                    if (s.presence().isPresent()) {
                        s.send(stanza);
                    }
                }
            }
            case IQ -> {
                if (!stanza.is(IqType.ERROR) && !stanza.is(IqType.RESULT)) {
                    bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
                }
            }
        }
    }

    private void toOtherDomain(Stanza stanza) {
        Domainpart other = stanza.to().getDomain();
        String label = subdomainLabel(other);
        if (label == null) {
            bounce(stanza, Condition.REMOTE_SERVER_NOT_FOUND, "This server does not federate with " + other + ".");
            return;
        }
        Optional<DomainComponent> component = extensions.component(label);
        if (component.isPresent()) {
            toComponent(component.get(), stanza);
        } else if (!stanza.isIq() || StanzaTypes.isRequest(stanza)) {
            bounce(stanza, Condition.SERVICE_UNAVAILABLE, "There is no service at " + other + " just now.");
        }
    }

    /** The label in front of our domain ({@code rooms} for {@code rooms.<domain>}), null for other domains. */
    private String subdomainLabel(Object other) {
        String o = other.toString();
        String suffix = "." + domain;
        if (!o.endsWith(suffix) || o.length() == suffix.length()) {
            return null;
        }
        String label = o.substring(0, o.length() - suffix.length());
        return label.indexOf('.') >= 0 ? null : label;
    }

    private void toComponent(DomainComponent component, Stanza stanza) {
        StanzaError error;
        try {
            component.process(stanza);
            return;
        } catch (StanzaException e) {
            error = e.error();
        } catch (RuntimeException e) {
            LOG.error("component for {} failed on {}", stanza.to().getDomain(), stanza, e);
            error = StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "A server plugin failed.");
        }
        if (!StanzaTypes.isError(stanza) && !stanza.is(IqType.RESULT) && stanza.from() != null) {
            deliver(stanza.errorReply(error));
        }
    }

    /** RFC 6121 8.5.2: to the available resources with the highest non-negative priority. */
    private void toAccount(Stanza message, EntityBareJid to, List<LocalSession> online) {
        MessageType type = message.messageType();
        if (type == MessageType.ERROR) {
            return;
        }
        if (type == MessageType.GROUPCHAT) {
            bounce(message, Condition.SERVICE_UNAVAILABLE, null);
            return;
        }
        int best = -1;
        for (LocalSession s : online) {
            best = Math.max(best, s.priority());
        }
        if (best < 0) {
            if (accountExists(to)) {
                bounce(message, Condition.SERVICE_UNAVAILABLE, to + " is offline.");
            } else {
                bounce(message, Condition.SERVICE_UNAVAILABLE, "There is no account " + to + ".");
            }
            return;
        }
        List<Session> recipients = new ArrayList<>();
        for (LocalSession s : online) {
            int p = s.priority();
            if (type == MessageType.HEADLINE ? p >= 0 : p == best) {
                s.send(message);
                recipients.add(s);
            }
        }
        delivered(message, recipients);
    }

    /** Whether a delivery gate (blocking) keeps the stanza from the account; a failing gate is logged and ignored. */
    private boolean withheld(Stanza stanza, EntityBareJid recipient) {
        for (DeliveryGate gate : extensions.deliveryGates()) {
            try {
                if (gate.withholds(stanza, recipient)) {
                    return true;
                }
            } catch (RuntimeException e) {
                LOG.error("delivery gate {} failed on {}", gate, stanza, e);
            }
        }
        return false;
    }

    /** Tells the delivery listeners (message carbons) which sessions got a message; a failing one is logged. */
    private void delivered(Stanza message, List<Session> recipients) {
        List<Session> got = List.copyOf(recipients);
        for (DeliveryListener listener : extensions.deliveryListeners()) {
            try {
                listener.delivered(message, got);
            } catch (RuntimeException e) {
                LOG.error("delivery listener {} failed on {}", listener, message, e);
            }
        }
    }

    private void bounce(Stanza stanza, Condition condition, String text) {
        if (StanzaTypes.isError(stanza) || stanza.from() == null) {
            return;
        }
        Stanza error = stanza.errorReply(text == null ? StanzaError.of(condition) : StanzaError.of(condition, text));
        // to a local account, or to a component, which may learn that an occupant is gone
        if (error.to() != null && (error.to().getDomain().equals(domain) && error.to().hasLocalpart()
                || subdomainLabel(error.to().getDomain()) != null)) {
            deliver(error);
        }
    }

    /** Whether the account exists: online, or known to the account service. */
    boolean accountExists(EntityBareJid jid) {
        return !sessions.of(jid).isEmpty() || accounts.exists(jid.getLocalpart().toString());
    }
}
