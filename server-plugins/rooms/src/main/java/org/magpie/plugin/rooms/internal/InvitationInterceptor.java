package org.magpie.plugin.rooms.internal;

import org.magpie.server.api.Intercepts;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Notices XEP-0249 direct invitations on their way from a member to a friend, so that a members-only
 * group lets the invitee in. The message itself goes on unchanged.
 */
@Component(service = StanzaInterceptor.class)
@Intercepts(kinds = Stanza.Kind.MESSAGE, phase = StanzaInterceptor.Phase.HANDLE)
public final class InvitationInterceptor implements StanzaInterceptor {

    private final RoomService rooms;

    @Activate
    public InvitationInterceptor(@Reference RoomService rooms) {
        this.rooms = rooms;
    }

    @Override
    public Verdict intercept(Stanza stanza, Session sender) {
        if (stanza.element().child("x", Invitations.CONFERENCE).isPresent()) {
            rooms.directInvitation(stanza);
        }
        return Verdict.pass(stanza);
    }
}
