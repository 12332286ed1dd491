package org.magpie.server.core.account;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.magpie.server.api.AccountListener;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins' {@link AccountListener}s the account service tells of changes. The account service
 * does not bind them itself: the core's {@code ExtensionTracker} adds and removes them as they come
 * and go, once the account service is up, so a plugin's listener can take the engine that needs the
 * account service as a plain reference without a cycle.
 */
@Component(service = AccountListeners.class)
public final class AccountListeners {

    private static final Logger LOG = LoggerFactory.getLogger(AccountListeners.class);

    private final List<AccountListener> listeners = new CopyOnWriteArrayList<>();

    public void add(AccountListener listener) {
        listeners.add(listener);
    }

    public void remove(AccountListener listener) {
        listeners.remove(listener);
    }

    /** One plugin's failure must not keep the others from hearing of a change that is already stored. */
    public void tell(Consumer<AccountListener> event) {
        for (AccountListener listener : listeners) {
            try {
                event.accept(listener);
            } catch (RuntimeException e) {
                LOG.error("account listener {} failed", listener.getClass().getName(), e);
            }
        }
    }
}
