package org.magpie.server.core.routing;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.server.api.DeliveryGate;
import org.magpie.server.api.DeliveryListener;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.SessionListener;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.UndeliveredMessages;
import org.magpie.server.api.xml.Element;
import org.osgi.framework.Constants;

/**
 * The plugin services the core knows right now. Entries are added and removed as services come
 * and go; lookups read copy-on-write lists, so a stanza in flight sees a consistent set.
 */
public final class Extensions {

    /** An IQ handler with the service properties that matter for dispatch. */
    public record IqEntry(IqHandler handler, String namespace, String element, Set<IqType> types, boolean beforeAuth,
            boolean accountAddressed, int ranking, long serviceId) {

        /** Whether this handler answers requests of that type with that payload (any element if none is named). */
        boolean serves(String payloadName, String payloadNamespace, IqType type) {
            return namespace.equals(payloadNamespace) && (element == null || element.equals(payloadName))
                    && types.contains(type);
        }
    }

    /** An interceptor with its phase, ranking and the stanza kinds it wants. */
    public record InterceptorEntry(StanzaInterceptor interceptor, List<Stanza.Kind> kinds, StanzaInterceptor.Phase phase,
            int ranking, long serviceId) {
    }

    /** A component with the subdomain label it serves. */
    public record ComponentEntry(DomainComponent component, String subdomain, int ranking, long serviceId) {
    }

    private static final Comparator<IqEntry> IQ_ORDER =
            Comparator.comparingInt(IqEntry::ranking).reversed().thenComparingLong(IqEntry::serviceId);
    private static final Comparator<InterceptorEntry> INTERCEPTOR_ORDER = Comparator.comparing(InterceptorEntry::phase)
            .thenComparing(Comparator.comparingInt(InterceptorEntry::ranking).reversed())
            .thenComparingLong(InterceptorEntry::serviceId);

    private final List<IqEntry> iqHandlers = new CopyOnWriteArrayList<>();
    private final List<InterceptorEntry> interceptors = new CopyOnWriteArrayList<>();
    private volatile Map<Stanza.Kind, List<StanzaInterceptor>> chains = chains();
    private final List<SessionListener> sessionListeners = new CopyOnWriteArrayList<>();
    private final List<UndeliveredMessages> undelivered = new CopyOnWriteArrayList<>();
    private final List<DiscoProvider> discoProviders = new CopyOnWriteArrayList<>();
    private final List<DeliveryListener> deliveryListeners = new CopyOnWriteArrayList<>();
    private final List<DeliveryGate> deliveryGates = new CopyOnWriteArrayList<>();
    private final List<ComponentEntry> components = new CopyOnWriteArrayList<>();

    public void addIqHandler(IqHandler handler, Map<String, ?> props) {
        Object ns = props.get(IqHandler.NAMESPACE);
        if (ns == null) {
            return;
        }
        Object element = props.get(IqHandler.ELEMENT);
        Set<IqType> types = EnumSet.noneOf(IqType.class);
        for (String t : strings(props.get(IqHandler.TYPES))) {
            IqType.of(t.toLowerCase(Locale.ROOT)).filter(IqType::isRequest).ifPresent(types::add);
        }
        if (types.isEmpty()) {
            types = EnumSet.of(IqType.GET, IqType.SET);
        }
        iqHandlers.add(new IqEntry(handler, ns.toString(), element == null ? null : element.toString(), Set.copyOf(types),
                bool(props.get(IqHandler.BEFORE_AUTH)), bool(props.get(IqHandler.ACCOUNT_ADDRESSED)), ranking(props),
                serviceId(props)));
    }

    public void removeIqHandler(IqHandler handler) {
        iqHandlers.removeIf(e -> e.handler() == handler);
    }

    /** The highest-ranked handler of requests of that type with that payload. */
    public Optional<IqEntry> iqHandler(Element payload, IqType type) {
        return iqHandler(payload.name(), payload.namespace(), type);
    }

    /** The highest-ranked handler of requests of that type with a payload of that name and namespace. */
    public Optional<IqEntry> iqHandler(String payloadName, String payloadNamespace, IqType type) {
        return iqHandlers.stream().filter(e -> e.serves(payloadName, payloadNamespace, type)).min(IQ_ORDER);
    }

    public synchronized void addInterceptor(StanzaInterceptor interceptor, Map<String, ?> props) {
        List<Stanza.Kind> kinds = strings(props.get(StanzaInterceptor.KINDS)).stream()
                .map(k -> Stanza.Kind.of(k.toLowerCase(Locale.ROOT))).flatMap(Optional::stream).toList();
        if (kinds.isEmpty()) {
            kinds = List.of(Stanza.Kind.MESSAGE, Stanza.Kind.PRESENCE);
        }
        interceptors.add(new InterceptorEntry(interceptor, kinds, phase(props), ranking(props), serviceId(props)));
        chains = chains();
    }

    public synchronized void removeInterceptor(StanzaInterceptor interceptor) {
        interceptors.removeIf(e -> e.interceptor() == interceptor);
        chains = chains();
    }

    /** The interceptors for a stanza kind, highest ranking first. */
    public List<StanzaInterceptor> interceptors(Stanza.Kind kind) {
        return chains.get(kind);
    }

    /** Sorted once per change (under the lock of add and remove) rather than once per stanza. */
    private Map<Stanza.Kind, List<StanzaInterceptor>> chains() {
        Map<Stanza.Kind, List<StanzaInterceptor>> byKind = new java.util.EnumMap<>(Stanza.Kind.class);
        for (Stanza.Kind kind : Stanza.Kind.values()) {
            byKind.put(kind, interceptors.stream().filter(e -> e.kinds().contains(kind)).sorted(INTERCEPTOR_ORDER)
                    .map(InterceptorEntry::interceptor).toList());
        }
        return byKind;
    }

    public void addUndelivered(UndeliveredMessages taker) {
        undelivered.add(taker);
    }

    public void removeUndelivered(UndeliveredMessages taker) {
        undelivered.remove(taker);
    }

    /** Who takes back messages a dead session never confirmed reading (the archive's offline store). */
    public List<UndeliveredMessages> undelivered() {
        return undelivered;
    }

    public void addSessionListener(SessionListener listener) {
        sessionListeners.add(listener);
    }

    public void removeSessionListener(SessionListener listener) {
        sessionListeners.remove(listener);
    }

    public List<SessionListener> sessionListeners() {
        return sessionListeners;
    }

    public void addDiscoProvider(DiscoProvider provider) {
        discoProviders.add(provider);
    }

    public void removeDiscoProvider(DiscoProvider provider) {
        discoProviders.remove(provider);
    }

    public List<DiscoProvider> discoProviders() {
        return discoProviders;
    }

    public void addDeliveryListener(DeliveryListener listener) {
        deliveryListeners.add(listener);
    }

    public void removeDeliveryListener(DeliveryListener listener) {
        deliveryListeners.remove(listener);
    }

    /** Who hears where a message to a local account was delivered (message carbons). */
    public List<DeliveryListener> deliveryListeners() {
        return deliveryListeners;
    }

    public void addDeliveryGate(DeliveryGate gate) {
        deliveryGates.add(gate);
    }

    public void removeDeliveryGate(DeliveryGate gate) {
        deliveryGates.remove(gate);
    }

    /** Who may withhold a stanza from a local account (blocking). */
    public List<DeliveryGate> deliveryGates() {
        return deliveryGates;
    }

    public void addComponent(DomainComponent component, Map<String, ?> props) {
        Object label = props.get(DomainComponent.SUBDOMAIN);
        if (label == null || label.toString().isBlank()) {
            return;
        }
        components.add(new ComponentEntry(component, label.toString().strip().toLowerCase(java.util.Locale.ROOT),
                ranking(props), serviceId(props)));
    }

    public void removeComponent(DomainComponent component) {
        components.removeIf(e -> e.component() == component);
    }

    /** The highest-ranked component serving a subdomain label ({@code rooms}). */
    public Optional<DomainComponent> component(String subdomain) {
        return components.stream().filter(e -> e.subdomain().equals(subdomain))
                .min(Comparator.comparingInt(ComponentEntry::ranking).reversed().thenComparingLong(ComponentEntry::serviceId))
                .map(ComponentEntry::component);
    }

    private static StanzaInterceptor.Phase phase(Map<String, ?> props) {
        Object phase = props.get(StanzaInterceptor.PHASE);
        if (phase == null) {
            return StanzaInterceptor.Phase.HANDLE;
        }
        try {
            return StanzaInterceptor.Phase.valueOf(phase.toString().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown interceptor phase " + phase + " (one of "
                    + java.util.Arrays.toString(StanzaInterceptor.Phase.values()) + ")", e);
        }
    }

    private static boolean bool(Object o) {
        return o instanceof Boolean b ? b : o != null && Boolean.parseBoolean(o.toString());
    }

    private static int ranking(Map<String, ?> props) {
        return props.get(Constants.SERVICE_RANKING) instanceof Integer i ? i : 0;
    }

    private static long serviceId(Map<String, ?> props) {
        return props.get(Constants.SERVICE_ID) instanceof Long l ? l : 0L;
    }

    private static List<String> strings(Object o) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof String[] a) {
            return List.of(a);
        }
        if (o instanceof java.util.Collection<?> c) {
            return c.stream().map(Object::toString).toList();
        }
        return List.of(o.toString().split("\\s*,\\s*"));
    }
}
