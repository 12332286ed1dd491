package org.magpie.plugin.rooms.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A removed account leaves its groups (see {@link AccountDeletion}). */
@Component(service = AccountListener.class)
public final class RoomsAccountListener implements AccountListener {

    private final RoomService rooms;

    @Activate
    public RoomsAccountListener(@Reference RoomService rooms) {
        this.rooms = rooms;
    }

    @Override
    public void accountDeleted(String username) {
        rooms.accountDeletedNamed(username);
    }
}
