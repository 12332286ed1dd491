package org.magpie.server.core.sasl;

import java.util.Map;

/** The salted SCRAM keys of one account, per algorithm, with their salt and iteration count. */
public record Credentials(String username, byte[] salt, int iterations, Map<ScramAlgorithm, ScramKeys> keys) {

    public Credentials {
        keys = Map.copyOf(keys);
    }
}
