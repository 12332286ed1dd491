package org.magpie.plugin.roster.internal;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.PresenceSubscriptions;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** The roster's subscriptions, for plugins that follow presence (personal eventing). */
@Component(service = PresenceSubscriptions.class)
public final class RosterPresenceSubscriptions implements PresenceSubscriptions {

    private final RosterStore store;

    @Activate
    public RosterPresenceSubscriptions(@Reference RosterEngine engine) {
        this(engine.context().store);
    }

    RosterPresenceSubscriptions(RosterStore store) {
        this.store = store;
    }

    @Override
    public boolean receivesPresenceOf(EntityBareJid contact, EntityBareJid owner) {
        return store.item(owner.toString(), contact.toString()).map(i -> i.subscription().hasFrom()).orElse(false);
    }

    @Override
    public Set<EntityBareJid> presenceSourcesOf(EntityBareJid account) {
        return contacts(account, Subscription::hasTo);
    }

    @Override
    public Set<EntityBareJid> presenceSubscribersOf(EntityBareJid owner) {
        return contacts(owner, Subscription::hasFrom);
    }

    private Set<EntityBareJid> contacts(EntityBareJid owner, Predicate<Subscription> which) {
        Set<EntityBareJid> out = new LinkedHashSet<>();
        for (RosterItem item : store.items(owner.toString())) {
            if (which.test(item.subscription())) {
                try {
                    out.add(JidCreate.entityBareFrom(item.contact()));
                } catch (XmppStringprepException e) {
                    // a stored contact is always a valid bare JID; skip one that is not rather than fail the caller
                }
            }
        }
        return out;
    }
}
