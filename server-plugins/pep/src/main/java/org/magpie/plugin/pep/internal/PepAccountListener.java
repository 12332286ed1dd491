package org.magpie.plugin.pep.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A removed account takes its nodes, items and private storage with it. */
@Component(service = AccountListener.class)
public final class PepAccountListener implements AccountListener {

    private final ComponentServiceObjects<PepEngine> engines;

    /**
     * The engine is fetched per event: the account service binds this listener while it activates, and
     * the engine needs services that need the account service, so taking the engine here would be a cycle.
     */
    @Activate
    public PepAccountListener(@Reference ComponentServiceObjects<PepEngine> engines) {
        this.engines = engines;
    }

    @Override
    public void accountDeleted(String username) {
        PepEngine engine = engines.getService();
        try {
            engine.accountDeleted();
        } finally {
            engines.ungetService(engine);
        }
    }
}
