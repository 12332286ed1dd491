package org.magpie.plugin.activity.internal;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.ComponentServiceObjects;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** A deleted account's last logout is forgotten. */
@Component(service = AccountListener.class)
public final class ActivityAccountListener implements AccountListener {

    private final ComponentServiceObjects<LastActivity> activity;

    /**
     * Fetched per event: the core's account service binds this listener while it activates, and
     * {@link LastActivity} needs the core's services, so taking it here would be a cycle.
     */
    @Activate
    public ActivityAccountListener(@Reference ComponentServiceObjects<LastActivity> activity) {
        this.activity = activity;
    }

    @Override
    public void accountDeleted(String username) {
        LastActivity a = activity.getService();
        try {
            a.catchUpDeletions();
        } finally {
            activity.ungetService(a);
        }
    }
}
