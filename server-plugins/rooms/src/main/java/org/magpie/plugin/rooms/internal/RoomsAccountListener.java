package org.magpie.plugin.rooms.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A removed account leaves its groups (see {@link AccountDeletion}). */
@Component(service = AccountListener.class)
public final class RoomsAccountListener implements AccountListener {

    private final ComponentServiceObjects<RoomService> rooms;

    /** The room service is taken per event: the account service binds this listener while it activates. */
    @Activate
    public RoomsAccountListener(@Reference ComponentServiceObjects<RoomService> rooms) {
        this.rooms = rooms;
    }

    @Override
    public void accountDeleted(String username) {
        RoomService service = rooms.getService();
        try {
            service.accountDeletedNamed(username);
        } finally {
            rooms.ungetService(service);
        }
    }
}
