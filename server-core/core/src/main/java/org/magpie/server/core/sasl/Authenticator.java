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
    private final byte[] decoySecret = new byte[32];

    public Authenticator(CredentialStore store, LoginThrottle throttle) {
        this.store = store;
        this.throttle = throttle;
        random.nextBytes(decoySecret);
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

    public Optional<SaslMechanism> create(String name, boolean plainAllowed) {
        for (ScramAlgorithm a : ScramAlgorithm.values()) {
            if (a.mechanism().equals(name)) {
                return Optional.of(new ScramMechanism(a, store, random, decoySecret));
            }
        }
        if ("PLAIN".equals(name) && plainAllowed) {
            return Optional.of(new PlainMechanism(store));
        }
        return Optional.empty();
    }

    public LoginThrottle throttle() {
        return throttle;
    }
}
