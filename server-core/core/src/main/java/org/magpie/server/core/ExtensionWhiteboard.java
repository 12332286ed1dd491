package org.magpie.server.core;

import org.magpie.server.core.account.AccountListeners;
import org.magpie.server.core.routing.ExtensionTracker;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Tracks the plugins' extension services for the router, and their account listeners for the account
 * service, once both are up (the router references the account service). Kept apart from
 * {@link XmppServer} and the account service so that the router, session and account services are
 * registered before any plugin service is taken: a plugin component activated by the tracking finds
 * them there, and plugins reference them with plain references, without a cycle.
 */
@Component(immediate = true, service = {})
public final class ExtensionWhiteboard {

    private final ExtensionTracker tracker;

    @Activate
    public ExtensionWhiteboard(BundleContext context, @Reference XmppServer server,
            @Reference AccountListeners accountListeners) {
        tracker = ExtensionTracker.open(context, server.extensions(), accountListeners);
    }

    @Deactivate
    void close() {
        tracker.close();
    }
}
