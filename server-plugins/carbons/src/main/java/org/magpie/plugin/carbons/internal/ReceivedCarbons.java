package org.magpie.plugin.carbons.internal;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.DeliveryListener;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * A message the core delivered to some of an account's sessions is copied, wrapped in
 * {@code <received/>}, to its other sessions that enabled carbons (XEP-0280 §6, §7): those the message
 * was not for (another full JID) or that RFC 6121 passed over (a lower priority for a bare JID).
 */
@Component(service = DeliveryListener.class)
public final class ReceivedCarbons implements DeliveryListener {

    private final EnabledSessions enabled;

    @Activate
    public ReceivedCarbons(@Reference EnabledSessions enabled) {
        this.enabled = enabled;
    }

    @Override
    public void delivered(Stanza message, List<Session> recipients) {
        if (recipients.isEmpty() || !Carbons.eligible(message) || recipients.get(0).account().isEmpty()) {
            return;
        }
        EntityBareJid account = recipients.get(0).account().get();
        Set<String> got = recipients.stream().map(Session::id).collect(Collectors.toSet());
        for (Session other : enabled.of(account)) {
            if (!got.contains(other.id())) {
                other.send(Carbons.copy("received", message, account, other));
            }
        }
    }
}
