package org.magpie.plugin.blocking.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.ComponentServiceObjects;

/** A deleted account's blocklist is forgotten. */
@Component(service = AccountListener.class)
public final class BlockingAccountListener implements AccountListener {

    private final ComponentServiceObjects<Blocklists> lists;

    /**
     * The blocklists are fetched per event: the core's account service binds this listener while it
     * activates, and the blocklists need the core's services, so taking them here would be a cycle.
     */
    @Activate
    public BlockingAccountListener(@Reference ComponentServiceObjects<Blocklists> lists) {
        this.lists = lists;
    }

    @Override
    public void accountDeleted(String username) {
        Blocklists l = lists.getService();
        try {
            l.catchUpDeletions();
        } finally {
            lists.ungetService(l);
        }
    }
}
