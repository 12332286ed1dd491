package org.magpie.plugin.rooms.internal;

import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Puts the groups service on {@code rooms.<domain>}: the core hands it every stanza addressed there. */
@Component(service = DomainComponent.class, property = DomainComponent.SUBDOMAIN + "=" + RoomService.SUBDOMAIN)
public final class RoomsComponent implements DomainComponent {

    private final RoomService rooms;

    @Activate
    public RoomsComponent(@Reference RoomService rooms) {
        this.rooms = rooms;
    }

    @Override
    public void process(Stanza stanza) throws StanzaException {
        rooms.process(stanza);
    }
}
