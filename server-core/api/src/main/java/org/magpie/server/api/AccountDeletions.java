package org.magpie.server.api;

import java.util.function.Consumer;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The durable record of deleted accounts, so that a plugin switched off when an account was deleted
 * still forgets it: the core records every deletion before it tells the {@link AccountListener}s, and
 * a plugin asks here when it starts (before it serves anything) and on each deletion it hears of.
 * Each plugin's progress is kept under its module name, so each deletion reaches it once.
 *
 * @since 1.5
 */
@ProviderType
public interface AccountDeletions {

    /**
     * Runs {@code forget} for every account deleted since {@code module} last caught up, oldest first,
     * with the normalised username. Each one that returns normally is remembered as done; the first that
     * throws stops the round and stays pending for the next call. Calls for one module are serialised.
     * A module that has never called this starts with every deletion recorded so far.
     *
     * @return how many deletions were handled now
     */
    int catchUp(String module, Consumer<String> forget);
}
