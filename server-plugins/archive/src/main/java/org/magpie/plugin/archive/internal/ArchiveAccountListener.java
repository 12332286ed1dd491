package org.magpie.plugin.archive.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A removed account takes its history, offline messages and inbox with it. */
@Component(service = AccountListener.class)
public final class ArchiveAccountListener implements AccountListener {

    private final ComponentServiceObjects<ArchiveEngine> engines;

    /**
     * The engine is fetched per event: the account service binds this listener while it activates,
     * and the engine needs the account service, so taking the engine here would be a cycle.
     */
    @Activate
    public ArchiveAccountListener(@Reference ComponentServiceObjects<ArchiveEngine> engines) {
        this.engines = engines;
    }

    @Override
    public void accountDeleted(String username) {
        ArchiveEngine engine = engines.getService();
        try {
            engine.deletions().accountDeleted(username);
        } finally {
            engines.ungetService(engine);
        }
    }
}
