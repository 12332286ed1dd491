package org.magpie.server.core.sasl;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Offers the SASL mechanisms and makes one per attempt; holds the failed-login throttle. */
public final class Authenticator {

    private final CredentialStore store;
    private final LoginThrottle throttle;
    private final SecureRandom random = new SecureRandom();
    private final byte[] decoySecret;

    /**
     * @param decoySecret the server's lasting secret behind the decoy salts of unknown users: kept
     *        across restarts, or a salt that changes with each start would tell that a name has no account
     */
    public Authenticator(CredentialStore store, LoginThrottle throttle, byte[] decoySecret) {
        this.store = store;
        this.throttle = throttle;
        this.decoySecret = decoySecret.clone();
    }

    /** Strongest first, as clients tend to pick the first they know. */
    public List<String> mechanisms(boolean plainAllowed) {
        List<String> names = new ArrayList<>();
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            names.add(a.mechanism());
        }
        if (plainAllowed) {
            names.add("PLAIN");
        }
        return names;
    }

    /**
     * @param gate asked once the mechanism knows who logs in, before it checks the password
     */
    public Optional<SaslMechanism> create(String name, boolean plainAllowed, LoginGate gate) {
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            if (a.mechanism().equals(name)) {
                return Optional.of(new ScramMechanism(a, store, random, decoySecret, gate));
            }
        }
        if ("PLAIN".equals(name) && plainAllowed) {
            return Optional.of(new PlainMechanism(store, gate, decoySecret));
        }
        return Optional.empty();
    }

    public LoginThrottle throttle() {
        return throttle;
    }
}
