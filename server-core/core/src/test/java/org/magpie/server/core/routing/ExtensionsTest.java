package org.magpie.server.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.osgi.framework.Constants;

class ExtensionsTest {

    private final Extensions extensions = new Extensions();
    private long nextServiceId = 1;

    @Test
    void iqHandlersAreFoundByElementNamespaceAndType() {
        IqHandler roster = handler();
        IqHandler vcard = handler();
        extensions.addIqHandler(roster, props(IqHandler.NAMESPACE, Namespaces.ROSTER, IqHandler.ELEMENT, "query",
                IqHandler.TYPES, new String[] {"get"}));
        extensions.addIqHandler(vcard, props(IqHandler.NAMESPACE, Namespaces.VCARD, IqHandler.ELEMENT, "vCard"));

        assertSame(roster, handlerFor("query", Namespaces.ROSTER, IqType.GET));
        assertEquals(Optional.empty(), extensions.iqHandler("query", Namespaces.ROSTER, IqType.SET), "only get was registered");
        assertEquals(Optional.empty(), extensions.iqHandler("item", Namespaces.ROSTER, IqType.GET), "another element");
        assertEquals(Optional.empty(), extensions.iqHandler("query", Namespaces.VCARD, IqType.GET), "another element");
        assertSame(vcard, handlerFor("vCard", Namespaces.VCARD, IqType.GET));
        assertSame(vcard, handlerFor("vCard", Namespaces.VCARD, IqType.SET), "get and set when no type is named");
        assertEquals(Optional.empty(), extensions.iqHandler("vCard", Namespaces.VCARD, IqType.RESULT), "answers are no requests");
    }

    @Test
    void aHandlerWithoutElementServesEveryElementOfItsNamespaceAndTheHighestRankingWins() {
        IqHandler any = handler();
        IqHandler ranked = handler();
        IqHandler older = handler();
        extensions.addIqHandler(any, props(IqHandler.NAMESPACE, "urn:x", IqHandler.TYPES, "GET, set"));
        extensions.addIqHandler(ranked, props(IqHandler.NAMESPACE, "urn:y", Constants.SERVICE_RANKING, 5));
        extensions.addIqHandler(older, props(IqHandler.NAMESPACE, "urn:y"));

        assertSame(any, handlerFor("whatever", "urn:x", IqType.SET));
        assertSame(ranked, handlerFor("q", "urn:y", IqType.GET));

        extensions.removeIqHandler(ranked);
        assertSame(older, handlerFor("q", "urn:y", IqType.GET));
    }

    @Test
    void theFlagsOfAHandlerComeFromItsProperties() {
        extensions.addIqHandler(handler(), props(IqHandler.NAMESPACE, Namespaces.REGISTER, IqHandler.BEFORE_AUTH, true,
                IqHandler.ACCOUNT_ADDRESSED, "true"));
        extensions.addIqHandler(handler(), props(IqHandler.ELEMENT, "query")); // no namespace: ignored

        Extensions.IqEntry entry = extensions.iqHandler("query", Namespaces.REGISTER, IqType.GET).orElseThrow();
        assertTrue(entry.beforeAuth());
        assertTrue(entry.accountAddressed());
        assertEquals(Optional.empty(), extensions.iqHandler("query", "", IqType.GET));
    }

    @Test
    void interceptorsRunByPhaseThenRankingWhateverTheRankings() {
        StanzaInterceptor record = interceptor();
        StanzaInterceptor handleLow = interceptor();
        StanzaInterceptor handleHigh = interceptor();
        StanzaInterceptor filter = interceptor();
        StanzaInterceptor presenceOnly = interceptor();
        extensions.addInterceptor(record, props(StanzaInterceptor.PHASE, "record", Constants.SERVICE_RANKING, 1000));
        extensions.addInterceptor(handleLow, props(StanzaInterceptor.KINDS, "message"));
        extensions.addInterceptor(handleHigh, props(StanzaInterceptor.PHASE, "HANDLE", Constants.SERVICE_RANKING, 10));
        extensions.addInterceptor(filter, props(StanzaInterceptor.PHASE, StanzaInterceptor.Phase.FILTER, Constants.SERVICE_RANKING, -5));
        extensions.addInterceptor(presenceOnly, props(StanzaInterceptor.KINDS, new String[] {"presence"}));

        assertEquals(List.of(filter, handleHigh, handleLow, record), extensions.interceptors(Stanza.Kind.MESSAGE));
        assertEquals(List.of(filter, handleHigh, presenceOnly, record), extensions.interceptors(Stanza.Kind.PRESENCE));
        assertEquals(List.of(), extensions.interceptors(Stanza.Kind.IQ), "messages and presences unless IQs are named");

        extensions.removeInterceptor(handleHigh);
        assertEquals(List.of(filter, handleLow, record), extensions.interceptors(Stanza.Kind.MESSAGE));
    }

    @Test
    void anUnknownPhaseIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> extensions.addInterceptor(interceptor(), props(StanzaInterceptor.PHASE, "early")));
    }

    @Test
    void componentsAreFoundByTheirSubdomainLabel() {
        DomainComponent rooms = stanza -> { };
        extensions.addComponent(rooms, props(DomainComponent.SUBDOMAIN, " Rooms "));
        extensions.addComponent(stanza -> { }, props(DomainComponent.SUBDOMAIN, " "));

        assertSame(rooms, extensions.component("rooms").orElseThrow());
        assertEquals(Optional.empty(), extensions.component(""));
        extensions.removeComponent(rooms);
        assertEquals(Optional.empty(), extensions.component("rooms"));
    }

    private IqHandler handlerFor(String element, String namespace, IqType type) {
        return extensions.iqHandler(element, namespace, type).orElseThrow().handler();
    }

    /** Service properties as Declarative Services hands them over, with a service id in registration order. */
    private Map<String, Object> props(Object... keysAndValues) {
        Map<String, Object> props = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            props.put((String) keysAndValues[i], keysAndValues[i + 1] instanceof StanzaInterceptor.Phase p ? p.name()
                    : keysAndValues[i + 1]);
        }
        props.put(Constants.SERVICE_ID, nextServiceId++);
        return props;
    }

    /** A new handler each time (a lambda without captures would be one shared instance). */
    private static IqHandler handler() {
        return new IqHandler() {
            @Override
            public Stanza handle(Stanza iq, org.magpie.server.api.Session session) {
                return iq.resultReply(null);
            }
        };
    }

    private static StanzaInterceptor interceptor() {
        return new StanzaInterceptor() {
            @Override
            public Verdict intercept(Stanza stanza, org.magpie.server.api.Session sender) {
                return Verdict.pass(stanza);
            }
        };
    }
}
