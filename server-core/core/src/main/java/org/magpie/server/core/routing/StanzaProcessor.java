package org.magpie.server.core.routing;

import org.magpie.server.api.PresenceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.SessionListener;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.UndeliveredMessages;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.session.ClientSession;
import org.magpie.server.core.session.SessionRegistry;
import org.magpie.server.core.session.StanzaPipeline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a stanza once a bound session has sent it: validation, {@code from} stamping,
 * interceptors, then routing by the rules of RFC 6120 section 10 and RFC 6121 section 8 for the
 * server's own domain. Stanzas to a subdomain ({@code rooms.<domain>}) go to the
 * {@link DomainComponent} registered for it. There is no server-to-server federation: other domains
 * get {@code remote-server-not-found}.
 */
public final class StanzaProcessor implements StanzaPipeline, StanzaRouter {

    private static final Logger LOG = LoggerFactory.getLogger(StanzaProcessor.class);

    private final DomainBareJid domain;
    private final SessionRegistry sessions;
    private final Extensions extensions;
    private final AccountService accounts;
    private final String version;
    private final Executor continuations;

    /** @param continuations runs what follows an interceptor's late verdict (routing, the next stanzas) */
    public StanzaProcessor(DomainBareJid domain, SessionRegistry sessions, Extensions extensions,
            AccountService accounts, String version, Executor continuations) {
        this.continuations = continuations;
        this.domain = domain;
        this.sessions = sessions;
        this.extensions = extensions;
        this.accounts = accounts;
        this.version = version;
    }

    // ------------------------------------------------------------------ from a bound session

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final long VERDICT_TIMEOUT_SECONDS = 30;

    @Override
    public CompletionStage<Void> fromBoundSession(ClientSession session, Element element) {
        if (Stanza.Kind.of(element.name()).isEmpty()) {
            session.closeWithError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE, "Unknown stanza " + element.name() + ".");
            return DONE;
        }
        Stanza stanza;
        try {
            stanza = Stanza.of(element);
        } catch (StanzaException e) {
            if (!"error".equals(element.attribute("type"))) {
                session.send(rawError(element, e.error()));
            }
            return DONE;
        }
        EntityFullJid self = session.fullJid();
        Jid claimed = stanza.from();
        if (claimed != null && !claimed.equals(self) && !claimed.equals(self.asEntityBareJid())) {
            session.closeWithError(StreamErrorCondition.INVALID_FROM, "You may only send as " + self + ".");
            return DONE;
        }
        stanza = stanza.withFrom(self);
        if (stanza.kind() == Stanza.Kind.IQ) {
            iqFromClient(session, stanza);
            return DONE;
        }
        return intercept(session, stanza, extensions.interceptors(stanza.kind()), 0);
    }

    /**
     * Runs the interceptors from {@code next} on, then routes what passed. Verdicts that are there
     * at once are taken on this thread; a late one continues on {@link #continuations}, and the
     * returned stage completes when the stanza is dealt with.
     */
    private CompletionStage<Void> intercept(ClientSession session, Stanza stanza, List<StanzaInterceptor> chain, int next) {
        Stanza current = stanza;
        for (int i = next; i < chain.size(); i++) {
            StanzaInterceptor interceptor = chain.get(i);
            CompletableFuture<Verdict> verdict;
            try {
                verdict = interceptor.interceptAsync(current, session).toCompletableFuture();
            } catch (RuntimeException e) {
                verdict = CompletableFuture.failedFuture(e);
            }
            if (!verdict.isDone()) {
                Stanza asked = current;
                int rest = i + 1;
                // a plugin that never answers must not hold the sender's later stanzas for ever
                verdict = verdict.copy().orTimeout(VERDICT_TIMEOUT_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
                return verdict.handleAsync((v, failure) -> v != null ? v : failed(interceptor, failure), continuations)
                        .thenCompose(v -> apply(session, asked, v)
                                .map(passed -> intercept(session, passed, chain, rest)).orElse(DONE));
            }
            Optional<Stanza> passed = apply(session, current, verdict.isCompletedExceptionally()
                    ? failed(interceptor, verdict.exceptionNow()) : verdict.resultNow());
            if (passed.isEmpty()) {
                return DONE;
            }
            current = passed.get();
        }
        route(session, current);
        return DONE;
    }

    /** A broken filter must not let its stanza through unchecked. */
    private static Verdict failed(StanzaInterceptor interceptor, Throwable failure) {
        LOG.error("interceptor {} failed", interceptor, failure);
        return Verdict.reject(StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "A server plugin failed."));
    }

    /** The stanza to go on with, or empty when the verdict ends it (a rejection is answered here). */
    private static Optional<Stanza> apply(ClientSession session, Stanza current, Verdict verdict) {
        return switch (verdict) {
            case Verdict.Pass p -> Optional.of(p.stanza());
            case Verdict.Drop d -> Optional.empty();
            case Verdict.Reject r -> {
                if (!"error".equals(current.type())) {
                    session.send(current.errorReply(r.error()));
                }
                yield Optional.empty();
            }
        };
    }

    private void route(ClientSession session, Stanza passed) {
        if (passed.isPresence()) {
            presenceFromClient(session, passed);
        } else {
            deliver(passed.to() == null ? passed.withTo(session.fullJid().asEntityBareJid()) : passed);
        }
    }

    private void presenceFromClient(ClientSession session, Stanza presence) {
        if (presence.to() != null) {
            deliver(presence);
            return;
        }
        String type = presence.type();
        if (type != null && !"unavailable".equals(type)) {
            return; // subscription requests and probes need an addressee
        }
        boolean wasAvailable = session.presence().isPresent();
        session.presence(type == null ? presence : null);
        if (type != null && !wasAvailable) {
            return;
        }
        for (ClientSession own : sessions.of(session.fullJid().asEntityBareJid())) {
            if (own.presence().isPresent() || own == session) {
                own.send(presence.withTo(own.fullJid()));
            }
        }
    }

    private void iqFromClient(ClientSession session, Stanza iq) {
        String type = iq.type();
        if (iq.id() == null || type == null || !List.of("get", "set", "result", "error").contains(type)) {
            if (!"error".equals(type)) {
                session.send(iq.errorReply(StanzaError.of(Condition.BAD_REQUEST, "An IQ needs an id and a type.")));
            }
            return;
        }
        boolean request = type.equals("get") || type.equals("set");
        if (request && iq.element().elements().size() != 1) {
            session.send(iq.errorReply(StanzaError.of(Condition.BAD_REQUEST, "An IQ request carries exactly one payload.")));
            return;
        }
        Jid to = iq.to();
        EntityBareJid self = session.fullJid().asEntityBareJid();
        if (to == null || to.equals(domain) || to.equals(self)) {
            if (request) {
                answer(session, iq, false);
            }
            return;
        }
        if (request && to.getDomain().equals(domain) && to.hasLocalpart() && !to.hasResource()) {
            if (!accountExists(to.asEntityBareJidIfPossible())) {
                session.send(iq.errorReply(StanzaError.of(Condition.SERVICE_UNAVAILABLE, "No such account.")));
            } else {
                answer(session, iq, true);
            }
            return;
        }
        deliver(iq);
    }

    /** Answers an IQ request the server handles itself or through a plugin. */
    private void answer(ClientSession session, Stanza iq, boolean forOtherAccount) {
        Element payload = iq.payload().orElseThrow();
        String ns = payload.namespace();
        Stanza reply;
        try {
            Optional<Stanza> builtIn = forOtherAccount ? Optional.empty() : builtIn(session, iq, payload);
            if (builtIn.isPresent()) {
                reply = builtIn.get();
            } else {
                Optional<Extensions.IqEntry> entry = extensions.iqHandler(payload, iq.iqType().orElseThrow())
                        .filter(e -> !forOtherAccount || e.accountAddressed());
                if (entry.isEmpty()) {
                    reply = iq.errorReply(StanzaError.of(Condition.SERVICE_UNAVAILABLE));
                } else {
                    reply = entry.get().handler().handle(iq, session);
                }
            }
        } catch (StanzaException e) {
            reply = iq.errorReply(e.error());
        } catch (RuntimeException e) {
            LOG.error("IQ handler for {} failed", ns, e);
            reply = iq.errorReply(StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "A server plugin failed."));
        }
        if (reply != null) {
            session.send(reply);
        }
    }

    private Optional<Stanza> builtIn(ClientSession session, Stanza iq, Element payload) throws StanzaException {
        boolean toServer = iq.to() == null || iq.to().equals(domain);
        boolean get = "get".equals(iq.type());
        if (payload.is("ping", Namespaces.PING)) {
            return Optional.of(iq.resultReply(null));
        }
        String node = payload.attribute("node");
        if (payload.is("query", Namespaces.DISCO_INFO) && get) {
            if (node != null) {
                return Optional.of(iq.resultReply(nodeInfo(toServer, node, session.fullJid())));
            }
            return Optional.of(iq.resultReply(toServer ? serverInfo() : accountInfo()));
        }
        if (payload.is("query", Namespaces.DISCO_ITEMS) && get) {
            if (node != null) {
                return Optional.of(iq.resultReply(nodeItems(toServer, node, session.fullJid())));
            }
            Element.Builder items = Element.builder("query", Namespaces.DISCO_ITEMS);
            if (toServer) {
                for (DiscoProvider p : extensions.discoProviders()) {
                    for (DiscoProvider.Item item : p.items()) {
                        items.child(Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", item.jid())
                                .attribute("name", item.name()).build());
                    }
                }
            }
            return Optional.of(iq.resultReply(items.build()));
        }
        return Optional.empty();
    }

    /** A node of the server's disco tree, from the plugin that serves it (XEP-0030 §3.2). */
    private Element nodeInfo(boolean toServer, String node, EntityFullJid requester) throws StanzaException {
        for (DiscoProvider p : toServer ? extensions.discoProviders() : List.<DiscoProvider>of()) {
            Optional<DiscoProvider.NodeInfo> info = p.nodeInfo(node, requester);
            if (info.isPresent()) {
                Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO).attribute("node", node);
                info.get().identities().forEach(id -> q.child(identity(id.category(), id.type(), id.name())));
                info.get().features().forEach(f -> q.child(Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", f).build()));
                return q.build();
            }
        }
        throw new StanzaException(Condition.ITEM_NOT_FOUND, "No such node.");
    }

    private Element nodeItems(boolean toServer, String node, EntityFullJid requester) throws StanzaException {
        for (DiscoProvider p : toServer ? extensions.discoProviders() : List.<DiscoProvider>of()) {
            Optional<List<DiscoProvider.NodeItem>> items = p.nodeItems(node, requester);
            if (items.isPresent()) {
                Element.Builder q = Element.builder("query", Namespaces.DISCO_ITEMS).attribute("node", node);
                items.get().forEach(i -> q.child(Element.builder("item", Namespaces.DISCO_ITEMS).attribute("jid", i.jid())
                        .attribute("node", i.node()).attribute("name", i.name()).build()));
                return q.build();
            }
        }
        throw new StanzaException(Condition.ITEM_NOT_FOUND, "No such node.");
    }

    private Element serverInfo() {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO);
        q.child(identity("server", "im", "Magpie " + version));
        List<String> features = new ArrayList<>(List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, Namespaces.PING));
        for (DiscoProvider p : extensions.discoProviders()) {
            for (DiscoProvider.Identity id : p.identities()) {
                q.child(identity(id.category(), id.type(), id.name()));
            }
            features.addAll(p.features());
        }
        features.stream().distinct().sorted()
                .forEach(f -> q.child(Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", f).build()));
        return q.build();
    }

    private Element accountInfo() {
        Element.Builder q = Element.builder("query", Namespaces.DISCO_INFO).child(identity("account", "registered", null));
        List<String> features = new ArrayList<>(List.of(Namespaces.DISCO_INFO));
        for (DiscoProvider p : extensions.discoProviders()) {
            features.addAll(p.accountFeatures());
        }
        features.stream().distinct().sorted()
                .forEach(f -> q.child(Element.builder("feature", Namespaces.DISCO_INFO).attribute("var", f).build()));
        return q.build();
    }

    private static Element identity(String category, String type, String name) {
        return Element.builder("identity", Namespaces.DISCO_INFO).attribute("category", category)
                .attribute("type", type).attribute("name", name).build();
    }

    // ------------------------------------------------------------------ before binding

    @Override
    public boolean beforeBind(ClientSession session, Element element) {
        if (!element.is("iq", Namespaces.CLIENT)) {
            return false;
        }
        Stanza iq;
        try {
            iq = Stanza.of(element);
        } catch (StanzaException e) {
            session.send(rawError(element, e.error()));
            return true;
        }
        String type = iq.type();
        if (!"get".equals(type) && !"set".equals(type)) {
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

    @Override
    public List<Element> streamFeatures() {
        List<Element> features = new ArrayList<>();
        for (DiscoProvider p : extensions.discoProviders()) {
            features.addAll(p.streamFeatures());
        }
        return features;
    }

    @Override
    public boolean registrationAvailable() {
        return extensions.iqHandler("query", Namespaces.REGISTER, IqType.GET).filter(Extensions.IqEntry::beforeAuth).isPresent();
    }

    // ------------------------------------------------------------------ session events

    @Override
    public void sessionBound(ClientSession session) {
        for (SessionListener l : extensions.sessionListeners()) {
            try {
                l.sessionBound(session);
            } catch (RuntimeException e) {
                LOG.error("session listener {} failed", l, e);
            }
        }
    }

    @Override
    public void sessionClosed(ClientSession session) {
        if (session.presence().isPresent()) {
            session.presence(null);
            Stanza unavailable = Stanza.create(Stanza.Kind.PRESENCE, session.fullJid(), null, PresenceType.UNAVAILABLE, null, List.of());
            for (ClientSession own : sessions.of(session.fullJid().asEntityBareJid())) {
                if (own != session && own.presence().isPresent()) {
                    own.send(unavailable.withTo(own.fullJid()));
                }
            }
        }
        for (SessionListener l : extensions.sessionListeners()) {
            try {
                l.sessionClosed(session);
            } catch (RuntimeException e) {
                LOG.error("session listener {} failed", l, e);
            }
        }
    }

    @Override
    public void undelivered(ClientSession session, List<Stanza> messages) {
        List<UndeliveredMessages> takers = extensions.undelivered();
        if (takers.isEmpty()) {
            LOG.warn("{} messages written to {} were never confirmed and its connection died; nobody keeps offline "
                    + "messages now (archive plugin stopped?), so they are lost", messages.size(), session.fullJid());
            return;
        }
        UndeliveredMessages taker = takers.get(0);
        try {
            taker.undelivered(session.fullJid(), List.copyOf(messages));
            LOG.info("{} messages written to {} were never confirmed before its connection died: kept for its next login",
                    messages.size(), session.fullJid());
        } catch (RuntimeException e) {
            LOG.error("{} unconfirmed messages of {} could not be kept: {}", messages.size(), session.fullJid(), e.toString(), e);
        }
    }

    // ------------------------------------------------------------------ delivery

    @Override
    public void route(Stanza stanza) {
        if (stanza.from() == null || stanza.to() == null) {
            throw new IllegalArgumentException("a routed stanza needs from and to: " + stanza);
        }
        deliver(stanza);
    }

    private void deliver(Stanza stanza) {
        Jid to = stanza.to();
        String type = stanza.type();
        boolean isError = "error".equals(type);
        if (!to.getDomain().equals(domain)) {
            String label = subdomainLabel(to.getDomain());
            if (label == null) {
                bounce(stanza, Condition.REMOTE_SERVER_NOT_FOUND, "This server does not federate with " + to.getDomain() + ".");
                return;
            }
            Optional<DomainComponent> component = extensions.component(label);
            if (component.isPresent()) {
                toComponent(component.get(), stanza);
            } else if (!stanza.isIq() || "get".equals(type) || "set".equals(type)) {
                bounce(stanza, Condition.SERVICE_UNAVAILABLE, "There is no service at " + to.getDomain() + " just now.");
            }
            return;
        }
        if (!to.hasLocalpart()) {
            if (stanza.isIq() && ("get".equals(type) || "set".equals(type))) {
                bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
            }
            return;
        }
        EntityBareJid bare = to.asEntityBareJidIfPossible();
        if (to.hasResource()) {
            ClientSession target = sessions.find(to.asEntityFullJidIfPossible());
            if (target != null) {
                target.send(stanza);
                return;
            }
            switch (stanza.kind()) {
                case IQ -> {
                    if (!isError && !"result".equals(type)) {
                        bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
                    }
                    return;
                }
                case PRESENCE -> {
                    return;
                }
                case MESSAGE -> {
                    if ("groupchat".equals(type)) {
                        bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
                        return;
                    }
                    if (isError) {
                        return;
                    }
                    // chat, normal and headline to a resource that is gone go to the account
                }
            }
        }
        List<ClientSession> online = sessions.of(bare);
        switch (stanza.kind()) {
            case MESSAGE -> deliverMessage(stanza, bare, online);
            case PRESENCE -> {
                for (ClientSession s : online) {
                    if (s.presence().isPresent()) {
                        s.send(stanza);
                    }
                }
            }
            case IQ -> {
                if (!isError && !"result".equals(type)) {
                    bounce(stanza, Condition.SERVICE_UNAVAILABLE, null);
                }
            }
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
        String type = stanza.type();
        if (!"error".equals(type) && !"result".equals(type) && stanza.from() != null) {
            deliver(stanza.errorReply(error));
        }
    }

    /** RFC 6121 8.5.2: to the available resources with the highest non-negative priority. */
    private void deliverMessage(Stanza message, EntityBareJid to, List<ClientSession> online) {
        String type = message.type() == null ? "normal" : message.type();
        if (type.equals("error")) {
            return;
        }
        if (type.equals("groupchat")) {
            bounce(message, Condition.SERVICE_UNAVAILABLE, null);
            return;
        }
        int best = -1;
        for (ClientSession s : online) {
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
        for (ClientSession s : online) {
            int p = s.priority();
            if (type.equals("headline") ? p >= 0 : p == best) {
                s.send(message);
            }
        }
    }

    private void bounce(Stanza stanza, Condition condition, String text) {
        if ("error".equals(stanza.type()) || stanza.from() == null) {
            return;
        }
        Stanza error = stanza.errorReply(text == null ? StanzaError.of(condition) : StanzaError.of(condition, text));
        // to a local account, or to a component, which may learn that an occupant is gone
        if (error.to() != null && (error.to().getDomain().equals(domain) && error.to().hasLocalpart()
                || subdomainLabel(error.to().getDomain()) != null)) {
            deliver(error);
        }
    }

    private boolean accountExists(EntityBareJid jid) {
        return !sessions.of(jid).isEmpty() || accounts.exists(jid.getLocalpart().toString());
    }

    /** An error reply built from the raw element, for stanzas whose addresses did not parse. */
    private static Stanza rawError(Element element, StanzaError error) {
        Element.Builder b = Element.builder(element.name(), Namespaces.CLIENT)
                .attribute("type", "error").attribute("id", element.attribute("id"));
        if (!element.name().equals("iq")) {
            b.children(element.elements());
        }
        b.child(error.toElement());
        try {
            return Stanza.of(b.build());
        } catch (StanzaException e) {
            throw new IllegalStateException(e);
        }
    }
}
