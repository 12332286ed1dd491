package org.magpie.plugin.roster.internal;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.PresenceSubscriptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Answers other plugins from the stored rosters: the contact's item for the watcher has a "from" subscription. */
@Component(service = PresenceSubscriptions.class)
public final class RosterSubscriptions implements PresenceSubscriptions {

    private final RosterStore store;

    @Activate
    public RosterSubscriptions(@Reference RosterEngine engine) {
        this(engine.context().store);
    }

    RosterSubscriptions(RosterStore store) {
        this.store = store;
    }

    @Override
    public boolean isSubscribed(EntityBareJid watcher, EntityBareJid contact) {
        return store.item(contact.toString(), watcher.toString()).map(i -> i.subscription().hasFrom()).orElse(false);
    }
}
