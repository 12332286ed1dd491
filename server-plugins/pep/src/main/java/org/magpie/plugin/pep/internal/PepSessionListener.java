package org.magpie.plugin.pep.internal;

import org.magpie.server.api.Session;
import org.magpie.server.api.SessionListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A closed session's caps and availability are forgotten. */
@Component(service = SessionListener.class)
public final class PepSessionListener implements SessionListener {

    private final PepEngine engine;

    @Activate
    public PepSessionListener(@Reference PepEngine engine) {
        this.engine = engine;
    }

    @Override
    public void sessionClosed(Session session) {
        engine.sessionClosed(session.id());
    }
}
