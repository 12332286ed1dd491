package org.magpie.server.core.routing;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.magpie.server.api.AccountListener;
import org.magpie.server.api.DeliveryGate;
import org.magpie.server.api.DeliveryListener;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.SessionListener;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.UndeliveredMessages;
import org.magpie.server.core.account.AccountListeners;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;

/**
 * Feeds the plugins' extension services (IQ handlers, interceptors, session listeners, undelivered
 * message takers, disco providers, domain components, delivery listeners and gates) into
 * {@link Extensions}, and their account listeners into {@link AccountListeners}, with ServiceTrackers
 * opened on the core's bundle context: a whiteboard, outside Declarative Services. The components that
 * provide the router, the sessions and the accounts therefore have no references to the plugins'
 * services, and plugins reference them with plain references, without a cycle.
 */
public final class ExtensionTracker implements AutoCloseable {

    private final List<ServiceTracker<?, ?>> trackers;

    private ExtensionTracker(List<ServiceTracker<?, ?>> trackers) {
        this.trackers = trackers;
    }

    /** Starts tracking; services already registered are added before this returns. */
    public static ExtensionTracker open(BundleContext context, Extensions extensions, AccountListeners accountListeners) {
        ExtensionTracker tracker = new ExtensionTracker(List.of(
                track(context, IqHandler.class, extensions::addIqHandler, extensions::removeIqHandler),
                track(context, StanzaInterceptor.class, extensions::addInterceptor, extensions::removeInterceptor),
                track(context, SessionListener.class, (s, p) -> extensions.addSessionListener(s), extensions::removeSessionListener),
                track(context, UndeliveredMessages.class, (s, p) -> extensions.addUndelivered(s), extensions::removeUndelivered),
                track(context, DiscoProvider.class, (s, p) -> extensions.addDiscoProvider(s), extensions::removeDiscoProvider),
                track(context, DomainComponent.class, extensions::addComponent, extensions::removeComponent),
                track(context, AccountListener.class, (s, p) -> accountListeners.add(s), accountListeners::remove),
                track(context, DeliveryListener.class, (s, p) -> extensions.addDeliveryListener(s),
                        extensions::removeDeliveryListener),
                track(context, DeliveryGate.class, (s, p) -> extensions.addDeliveryGate(s), extensions::removeDeliveryGate)));
        tracker.trackers.forEach(ServiceTracker::open);
        return tracker;
    }

    @Override
    public void close() {
        trackers.forEach(ServiceTracker::close);
    }

    private static <S> ServiceTracker<S, S> track(BundleContext context, Class<S> type,
            BiConsumer<S, Map<String, Object>> add, Consumer<S> remove) {
        return new ServiceTracker<>(context, type, new ServiceTrackerCustomizer<S, S>() {
            @Override
            public S addingService(ServiceReference<S> reference) {
                S service = context.getService(reference);
                if (service != null) {
                    add.accept(service, properties(reference));
                }
                return service;
            }

            @Override
            public void modifiedService(ServiceReference<S> reference, S service) {
                remove.accept(service);
                add.accept(service, properties(reference));
            }

            @Override
            public void removedService(ServiceReference<S> reference, S service) {
                remove.accept(service);
                context.ungetService(reference);
            }
        });
    }

    private static Map<String, Object> properties(ServiceReference<?> reference) {
        Map<String, Object> properties = new HashMap<>();
        for (String key : reference.getPropertyKeys()) {
            properties.put(key, reference.getProperty(key));
        }
        return properties;
    }
}
