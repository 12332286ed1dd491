package org.magpie.server.core;

import org.magpie.server.core.routing.ExtensionTracker;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Tracks the plugins' extension services for the router once it is up. Kept apart from
 * {@link XmppServer} so that the router and session services are registered before any plugin
 * service is taken: a plugin component activated by the tracking finds them there, and plugins
 * reference them with plain references, without a cycle.
 */
@Component(immediate = true, service = {})
public final class ExtensionWhiteboard {

    private final ExtensionTracker tracker;

    @Activate
    public ExtensionWhiteboard(BundleContext context, @Reference XmppServer server) {
        tracker = ExtensionTracker.open(context, server.extensions());
    }

    @Deactivate
    void close() {
        tracker.close();
    }
}
