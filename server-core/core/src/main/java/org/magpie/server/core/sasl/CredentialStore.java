package org.magpie.server.core.sasl;

import java.util.Optional;

/** Where SASL finds the keys to check a login against. Internal to the core bundle. */
public interface CredentialStore {

    /** The credentials of a normalised username, if the account exists. */
    Optional<Credentials> credentials(String username);

    /** Normalises what a client sent as username, empty when it is no valid username. */
    Optional<String> normalizeLogin(String username);

    /**
     * Who ends the sessions of a deleted account (the session manager, which itself depends on
     * this store, hence a hook rather than a service reference); null to unset.
     */
    default void onAccountDeleted(java.util.function.Consumer<String> sessionTerminator) {
    }
}
