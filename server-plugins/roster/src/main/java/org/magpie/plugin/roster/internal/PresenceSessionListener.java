package org.magpie.plugin.roster.internal;

import org.magpie.server.api.Session;
import org.magpie.server.api.SessionListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Sends unavailable presence to subscribers for every session that ends, however it ends. */
@Component(service = SessionListener.class)
public final class PresenceSessionListener implements SessionListener {

    private final RosterEngine engine;

    @Activate
    public PresenceSessionListener(@Reference RosterEngine engine) {
        this.engine = engine;
    }

    @Override
    public void sessionClosed(Session session) {
        engine.sessionClosed(session);
    }
}
