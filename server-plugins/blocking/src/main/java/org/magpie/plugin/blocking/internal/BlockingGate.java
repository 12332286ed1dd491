package org.magpie.plugin.blocking.internal;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.magpie.server.api.DeliveryGate;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.storage.StorageException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Blocking for what {@link BlockingInterceptor} cannot see: IQs, and what plugins route, such as the
 * presence broadcasts of the roster (XEP-0191 §3.4, §3.5). Nothing passes between a user and a contact
 * either of them blocked; the core answers requests and messages {@code service-unavailable}. Errors
 * pass: they answer something the recipient sent itself, and withholding them would leave it waiting;
 * and so does the user's unavailable presence toward the contact.
 */
@Component(service = DeliveryGate.class)
public final class BlockingGate implements DeliveryGate {

    private final Blocklists lists;
    private final ServerInfo info;

    @Activate
    public BlockingGate(@Reference Blocklists lists, @Reference ServerInfo info) {
        this.lists = lists;
        this.info = info;
    }

    @Override
    public boolean withholds(Stanza stanza, EntityBareJid recipient) {
        Jid from = stanza.from();
        if (from == null || "error".equals(stanza.type()) || from.asBareJid().equals(recipient)) {
            return false;
        }
        try {
            if (lists.blocks(recipient, from)) {
                return true;
            }
            // going offline toward a blocked contact is what §3.3.1 asks for, and tells it nothing
            return from.hasLocalpart() && from.getDomain().equals(info.domain()) && !stanza.is(PresenceType.UNAVAILABLE)
                    && lists.blocks(from.asEntityBareJidOrThrow(), recipient);
        } catch (StorageException e) {
            return false; // the list cannot be read: deliver, as the interceptor has already checked what clients sent
        }
    }
}
