package org.magpie.server.core.sasl;

import java.util.Optional;

/** Where SASL finds the keys to check a login against. Internal to the core bundle. */
public interface CredentialStore {

    /** The credentials of a normalised username, if the account exists. */
    Optional<Credentials> credentials(String username);

    /** Normalises what a client sent as username, empty when it is no valid username. */
    Optional<String> normalizeLogin(String username);

    /** The PBKDF2 iteration count new keys get (and unknown users seem to have). */
    default int iterations() {
        return DEFAULT_ITERATIONS;
    }

    /** Above RFC 7677's minimum of 4096; the server pays it per password change, the client per login. */
    int DEFAULT_ITERATIONS = 10_000;

    /**
     * The password of an account was seen and verified (PLAIN inside TLS): keys derived with fewer
     * iterations than {@link #iterations()} are derived again. SCRAM logins never show the password.
     */
    default void passwordVerified(String username, String password, Credentials current) {
    }

    /**
     * Who ends the sessions of a deleted account (the session manager, which itself depends on
     * this store, hence a hook rather than a service reference); null to unset.
     */
    default void onAccountDeleted(java.util.function.Consumer<String> sessionTerminator) {
    }
}
