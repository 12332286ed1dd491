package org.magpie.plugin.rooms.internal;

import java.util.Collection;
import java.util.List;

import org.magpie.server.api.DiscoProvider;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Lists the groups service among the server's disco#items, where clients look for a MUC service. */
@Component(service = DiscoProvider.class)
public final class RoomsDiscoProvider implements DiscoProvider {

    private final RoomService rooms;

    @Activate
    public RoomsDiscoProvider(@Reference RoomService rooms) {
        this.rooms = rooms;
    }

    @Override
    public Collection<Item> items() {
        return List.of(new Item(rooms.serviceDomain(), "Groups"));
    }
}
