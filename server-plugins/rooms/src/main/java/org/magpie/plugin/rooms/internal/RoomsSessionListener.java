package org.magpie.plugin.rooms.internal;

import org.magpie.server.api.Session;
import org.magpie.server.api.SessionListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A session that ends, however it ends, leaves the groups it was in; its memberships stay. */
@Component(service = SessionListener.class)
public final class RoomsSessionListener implements SessionListener {

    private final RoomService rooms;

    @Activate
    public RoomsSessionListener(@Reference RoomService rooms) {
        this.rooms = rooms;
    }

    @Override
    public void sessionClosed(Session session) {
        session.jid().ifPresent(rooms::sessionClosed);
    }
}
