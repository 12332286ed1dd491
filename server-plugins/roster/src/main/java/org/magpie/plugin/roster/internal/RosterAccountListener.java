package org.magpie.plugin.roster.internal;

import org.magpie.server.api.AccountListener;
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

    private final RosterEngine engine;

    @Activate
    public RosterAccountListener(@Reference RosterEngine engine) {
        this.engine = engine;
    }

    @Override
    public void nicknameChanged(String username, String nickname) {
        engine.nicknameChanged(engine.context().local(username));
    }

    @Override
    public void accountDeleted(String username) {
        engine.accountDeleted(username);
    }
}
