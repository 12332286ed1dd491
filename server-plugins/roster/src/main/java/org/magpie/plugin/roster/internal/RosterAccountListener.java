package org.magpie.plugin.roster.internal;

import java.util.function.Consumer;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Keeps rosters in step with accounts: a new nickname is pushed to the friends who show it (whether
 * it came through the vCard or through in-band registration), and a removed account disappears
 * from every roster and takes its friends, requests and vCard with it.
 */
@Component(service = AccountListener.class)
public final class RosterAccountListener implements AccountListener {

    private final ComponentServiceObjects<RosterEngine> engines;

    /**
     * The engine is fetched per event: the account service binds this listener while it activates,
     * and the engine needs the account service, so taking the engine here would be a cycle.
     */
    @Activate
    public RosterAccountListener(@Reference ComponentServiceObjects<RosterEngine> engines) {
        this.engines = engines;
    }

    @Override
    public void nicknameChanged(String username, String nickname) {
        with(engine -> engine.nicknameChanged(engine.context().local(username)));
    }

    @Override
    public void accountDeleted(String username) {
        with(engine -> engine.accountDeleted(username));
    }

    private void with(Consumer<RosterEngine> event) {
        RosterEngine engine = engines.getService();
        try {
            event.accept(engine);
        } finally {
            engines.ungetService(engine);
        }
    }
}
