package org.magpie.plugin.pep.internal;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each client session can take (XEP-0115 entity capabilities): the features behind the caps
 * {@code ver} of its presence, asked of the client with disco#info the first time a {@code ver} is seen
 * and then cached per {@code ver} (only when the answer hashes to it). Notifications go only to sessions
 * that list {@code <node>+notify} (XEP-0163 §4.4 filtered notifications).
 */
final class Caps {

    static final String NS = "http://jabber.org/protocol/caps";

    /** Different client versions a busy server meets; older entries make room. */
    private static final int KNOWN_VERSIONS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(Caps.class);

    private final Supplier<StanzaRouter> router;
    private final DomainBareJid domain;
    private final Supplier<Duration> timeout;
    private final Map<String, Set<String>> byVer = Collections.synchronizedMap(new LinkedHashMap<>(64, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > KNOWN_VERSIONS;
        }
    });
    /** Session id → the features of its current caps (empty until known, or when it sent none). */
    private final Map<String, Set<String>> bySession = new ConcurrentHashMap<>();
    /** Session id → the caps key its features belong to, so that a presence repeating it asks nothing. */
    private final Map<String, String> sessionKey = new ConcurrentHashMap<>();

    Caps(Supplier<StanzaRouter> router, DomainBareJid domain, Supplier<Duration> timeout) {
        this.router = router;
        this.domain = domain;
        this.timeout = timeout;
    }

    /** Whether the session asked for notifications of this node. */
    boolean wantsNotify(String sessionId, String node) {
        return bySession.getOrDefault(sessionId, Set.of()).contains(node + "+notify");
    }

    /** The features known for a session (empty when none or not yet known). */
    Set<String> features(String sessionId) {
        return bySession.getOrDefault(sessionId, Set.of());
    }

    /**
     * An available presence of a session: completes with its features once known (at once when its caps
     * are cached or unchanged). A presence without caps leaves the features as they were.
     */
    CompletionStage<Set<String>> presence(String sessionId, EntityFullJid jid, Element presence) {
        Optional<Element> c = presence.child("c", NS);
        if (c.isEmpty() || c.get().attribute("ver") == null || c.get().attribute("node") == null) {
            return CompletableFuture.completedFuture(features(sessionId));
        }
        String hash = c.get().attribute("hash");
        String ver = c.get().attribute("ver");
        String node = c.get().attribute("node");
        String key = hash == null ? jid + " " + node + "#" + ver : hash + " " + ver;
        if (key.equals(sessionKey.get(sessionId)) && bySession.containsKey(sessionId)) {
            return CompletableFuture.completedFuture(features(sessionId));
        }
        sessionKey.put(sessionId, key);
        Set<String> cached = hash == null ? null : byVer.get(key);
        if (cached != null) {
            bySession.put(sessionId, cached);
            return CompletableFuture.completedFuture(cached);
        }
        Stanza ask = Stanza.create(Stanza.Kind.IQ, domain, jid, IqType.GET, Stanza.newId(),
                List.of(Element.builder("query", Namespaces.DISCO_INFO).attribute("node", node + "#" + ver).build()));
        return router.get().request(ask, timeout.get()).handle((answer, failure) -> {
            Set<String> features = Set.of();
            if (failure != null) {
                LOG.debug("{} did not tell its features: {}", jid, failure.toString());
            } else if (answer.is(IqType.RESULT)) {
                Optional<Element> query = answer.payload().filter(q -> q.is("query", Namespaces.DISCO_INFO));
                if (query.isPresent()) {
                    features = featuresOf(query.get());
                    if (hash != null && CapsHash.ver(hash, query.get()).filter(ver::equals).isPresent()) {
                        byVer.put(key, features);
                    }
                }
            }
            if (key.equals(sessionKey.get(sessionId))) {
                bySession.put(sessionId, features);
            }
            return features;
        });
    }

    /** Sets a session's features as if its caps had been learnt (tests, and nothing else). */
    void remember(String sessionId, Set<String> features) {
        bySession.put(sessionId, Set.copyOf(features));
        sessionKey.put(sessionId, "given");
    }

    /** The session ended. */
    void forget(String sessionId) {
        bySession.remove(sessionId);
        sessionKey.remove(sessionId);
    }

    private static Set<String> featuresOf(Element query) {
        return query.elements().stream().filter(e -> e.is("feature", Namespaces.DISCO_INFO))
                .map(e -> e.attribute("var")).filter(v -> v != null).collect(Collectors.toUnmodifiableSet());
    }
}
