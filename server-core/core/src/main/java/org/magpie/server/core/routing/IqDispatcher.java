package org.magpie.server.core.routing;

import java.util.Optional;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.session.LocalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * IQs from clients: checks that a request is well formed, answers what is addressed to the server or
 * to an account (built in, or by the plugin handler registered for its payload element, namespace and
 * type), and delivers the rest. Also the few IQs a client may send before it has bound a resource.
 */
final class IqDispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(IqDispatcher.class);

    private final DomainBareJid domain;
    private final Extensions extensions;
    private final BuiltInIq builtIn;
    private final Delivery delivery;
    private final PendingRequests pending;

    IqDispatcher(DomainBareJid domain, Extensions extensions, BuiltInIq builtIn, Delivery delivery, PendingRequests pending) {
        this.domain = domain;
        this.extensions = extensions;
        this.builtIn = builtIn;
        this.delivery = delivery;
        this.pending = pending;
    }

    /** An IQ from a bound session, its {@code from} already stamped. */
    void fromClient(LocalSession session, Stanza iq) {
        Optional<IqType> type = iq.iqType();
        if (iq.id() == null || type.isEmpty()) {
            if (!iq.is(IqType.ERROR)) {
                session.send(iq.errorReply(StanzaError.of(Condition.BAD_REQUEST, "An IQ needs an id and a type.")));
            }
            return;
        }
        boolean request = type.get().isRequest();
        if (request && iq.element().elements().size() != 1) {
            session.send(iq.errorReply(StanzaError.of(Condition.BAD_REQUEST, "An IQ request carries exactly one payload.")));
            return;
        }
        Jid to = iq.to();
        EntityBareJid self = session.fullJid().asEntityBareJid();
        if (to == null || to.equals(domain) || to.equals(self)) {
            if (request) {
                answer(session, iq, false);
            } else if (to != null && to.equals(domain)) {
                pending.answered(iq); // an answer to a request the server sent for a plugin, or nothing of ours
            }
            return;
        }
        if (request && to.getDomain().equals(domain) && to.hasLocalpart() && !to.hasResource()) {
            if (!delivery.accountExists(to.asEntityBareJidIfPossible())) {
                session.send(iq.errorReply(StanzaError.of(Condition.SERVICE_UNAVAILABLE, "No such account.")));
            } else {
                answer(session, iq, true);
            }
            return;
        }
        delivery.deliver(iq);
    }

    /** Answers an IQ request the server handles itself or through a plugin. */
    private void answer(LocalSession session, Stanza iq, boolean forOtherAccount) {
        Element payload = iq.payload().orElseThrow();
        Stanza reply;
        try {
            // another account's disco is answered on its behalf (XEP-0030 on a bare JID); the rest only for oneself
            Optional<Stanza> own = forOtherAccount && !BuiltInIq.isDisco(payload) ? Optional.empty()
                    : builtIn.answer(iq, payload, session.fullJid());
            if (own.isPresent()) {
                reply = own.get();
            } else {
                Optional<Extensions.IqEntry> entry = extensions.iqHandler(payload, iq.iqType().orElseThrow())
                        .filter(e -> !forOtherAccount || e.accountAddressed());
                reply = entry.isEmpty() ? iq.errorReply(StanzaError.of(Condition.SERVICE_UNAVAILABLE))
                        : entry.get().handler().handle(iq, session);
            }
        } catch (StanzaException e) {
            reply = iq.errorReply(e.error());
        } catch (RuntimeException e) {
            LOG.error("IQ handler for {} failed", payload.namespace(), e);
            reply = iq.errorReply(StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "A server plugin failed."));
        }
        if (reply != null) {
            session.send(reply);
        }
    }

    /**
     * An element from a session that has not bound a resource: only IQ requests whose handler serves
     * them before authentication (registration, say) are answered.
     *
     * @return false when it is no IQ (the session then closes the stream)
     */
    boolean beforeBind(Session session, Element element) {
        if (!element.is("iq", Namespaces.CLIENT)) {
            return false;
        }
        Stanza iq;
        try {
            iq = Stanza.of(element);
        } catch (StanzaException e) {
            session.send(StanzaTypes.rawError(element, e.error()));
            return true;
        }
        if (!StanzaTypes.isRequest(iq)) {
            return true; // results and errors before binding answer nothing of ours
        }
        Optional<Element> payload = iq.payload();
        if (iq.id() == null || payload.isEmpty() || iq.element().elements().size() != 1) {
            session.send(iq.errorReply(StanzaError.of(Condition.BAD_REQUEST, "An IQ request needs an id and one payload.")));
            return true;
        }
        Optional<Extensions.IqEntry> entry = extensions.iqHandler(payload.get(), iq.iqType().orElseThrow())
                .filter(Extensions.IqEntry::beforeAuth);
        if (entry.isEmpty()) {
            session.send(iq.errorReply(StanzaError.of(Condition.SERVICE_UNAVAILABLE)));
            return true;
        }
        Stanza stamped = session.account().isPresent() ? iq.withFrom(session.account().get()) : iq;
        Stanza reply;
        try {
            reply = entry.get().handler().handle(stamped, session);
        } catch (StanzaException e) {
            reply = stamped.errorReply(e.error());
        } catch (RuntimeException e) {
            LOG.error("pre-auth IQ handler for {} failed", payload.get().namespace(), e);
            reply = stamped.errorReply(StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "A server plugin failed."));
        }
        if (reply != null) {
            // before binding the client has no address to write to
            session.send(reply.withTo(null));
        }
        return true;
    }

    /** Whether in-band registration is served now (a pre-auth handler of register queries). */
    boolean registrationAvailable() {
        return extensions.iqHandler("query", Namespaces.REGISTER, IqType.GET).filter(Extensions.IqEntry::beforeAuth).isPresent();
    }
}
