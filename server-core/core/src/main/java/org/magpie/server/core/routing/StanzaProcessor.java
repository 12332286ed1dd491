package org.magpie.server.core.routing;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.session.LocalSession;
import org.magpie.server.core.session.SessionRegistry;
import org.magpie.server.core.session.StanzaPipeline;

/**
 * What happens to a stanza once a session has sent it: validation and {@code from} stamping here,
 * then IQs to the {@link IqDispatcher}, messages and presences through the {@link InterceptorChain}
 * to {@link PresenceRouting} or {@link Delivery}. Stanzas plugins make enter at {@link #route}.
 */
public final class StanzaProcessor implements StanzaPipeline, StanzaRouter {

    private final Delivery delivery;
    private final BuiltInIq builtIn;
    private final IqDispatcher iqs;
    private final PendingRequests pending = new PendingRequests();
    private final PresenceRouting presences;
    private final InterceptorChain interceptors;
    private final SessionEvents events;

    /** @param continuations runs what follows an interceptor's late verdict (routing, the next stanzas) */
    public StanzaProcessor(DomainBareJid domain, SessionRegistry sessions, Extensions extensions,
            AccountService accounts, String version, Executor continuations) {
        this.delivery = new Delivery(domain, sessions, extensions, accounts);
        this.builtIn = new BuiltInIq(domain, extensions, version);
        this.iqs = new IqDispatcher(domain, extensions, builtIn, delivery, pending);
        this.presences = new PresenceRouting(sessions, delivery);
        this.interceptors = new InterceptorChain(extensions, continuations, this::passed);
        this.events = new SessionEvents(extensions);
    }

    @Override
    public CompletionStage<Void> fromBoundSession(LocalSession session, Element element) {
        if (Stanza.Kind.of(element.name()).isEmpty()) {
            session.closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unknown stanza " + element.name() + ".");
            return InterceptorChain.DONE;
        }
        Stanza stanza;
        try {
            stanza = Stanza.of(element);
        } catch (StanzaException e) {
            if (!StanzaTypes.isError(element)) {
                session.send(StanzaTypes.rawError(element, e.error()));
            }
            return InterceptorChain.DONE;
        }
        EntityFullJid self = session.fullJid();
        Jid claimed = stanza.from();
        if (claimed != null && !claimed.equals(self) && !claimed.equals(self.asEntityBareJid())) {
            session.closeWithError(StreamErrorCondition.INVALID_FROM, "You may only send as " + self + ".");
            return InterceptorChain.DONE;
        }
        stanza = stanza.withFrom(self);
        if (stanza.kind() == Stanza.Kind.IQ) {
            iqs.fromClient(session, stanza);
            return InterceptorChain.DONE;
        }
        return interceptors.run(session, stanza);
    }

    /** A message or presence every interceptor let through. */
    private void passed(LocalSession session, Stanza stanza) {
        if (stanza.isPresence()) {
            presences.fromClient(session, stanza);
        } else {
            delivery.deliver(stanza.to() == null ? stanza.withTo(session.fullJid().asEntityBareJid()) : stanza);
        }
    }

    @Override
    public boolean beforeBind(LocalSession session, Element element) {
        return iqs.beforeBind(session, element);
    }

    @Override
    public List<Element> streamFeatures() {
        return builtIn.streamFeatures();
    }

    @Override
    public boolean registrationAvailable() {
        return iqs.registrationAvailable();
    }

    @Override
    public void sessionBound(LocalSession session) {
        events.bound(session);
    }

    @Override
    public void sessionClosed(LocalSession session) {
        presences.closed(session);
        events.closed(session);
    }

    @Override
    public void undelivered(LocalSession session, List<Stanza> messages) {
        events.undelivered(session, messages);
    }

    @Override
    public void route(Stanza stanza) {
        if (stanza.from() == null || stanza.to() == null) {
            throw new IllegalArgumentException("a routed stanza needs from and to: " + stanza);
        }
        delivery.deliver(stanza);
    }

    @Override
    public CompletionStage<Stanza> request(Stanza iq, Duration timeout) {
        if (iq.from() == null || iq.to() == null) {
            throw new IllegalArgumentException("a routed stanza needs from and to: " + iq);
        }
        CompletionStage<Stanza> answer = pending.expect(iq, timeout);
        try {
            delivery.deliver(iq);
        } catch (RuntimeException e) {
            pending.forget(iq);
            throw e;
        }
        return answer;
    }
}
