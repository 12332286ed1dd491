package org.magpie.plugin.archive.internal;

import org.magpie.server.api.Session;
import org.magpie.server.api.SessionListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Forgets a closed session's place among those that have collected their offline messages. */
@Component(service = SessionListener.class)
public final class ArchiveSessionListener implements SessionListener {

    private final ArchiveEngine engine;

    @Activate
    public ArchiveSessionListener(@Reference ArchiveEngine engine) {
        this.engine = engine;
    }

    @Override
    public void sessionClosed(Session session) {
        engine.offline().sessionClosed(session);
    }
}
