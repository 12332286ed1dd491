package org.magpie.server.core.sasl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Optional;

/**
 * SASL PLAIN (RFC 4616), checked against the stored SCRAM-SHA-256 keys (no password is stored,
 * so the password sent is salted and hashed the same way and the results compared).
 * The session offers it only inside TLS.
 */
public final class PlainMechanism implements SaslMechanism {

    private final CredentialStore store;
    private final LoginGate gate;
    private final byte[] decoySecret;

    /**
     * @param decoySecret the server's secret that makes the decoy salt of unknown users stable
     */
    public PlainMechanism(CredentialStore store, LoginGate gate, byte[] decoySecret) {
        this.store = store;
        this.gate = gate;
        this.decoySecret = decoySecret;
    }

    @Override
    public SaslOutcome respond(byte[] response) {
        String message = new String(response, StandardCharsets.UTF_8);
        String[] parts = message.split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
            return new SaslOutcome.Failure("malformed-request", "PLAIN needs authzid NUL authcid NUL password", null);
        }
        String claimed = parts[1];
        Optional<String> username = store.normalizeLogin(claimed);
        String counted = username.orElse(claimed.toLowerCase(java.util.Locale.ROOT));
        Duration wait = gate.retryAfter(counted);
        if (wait.isPositive()) {
            return LoginGate.closed(wait);
        }
        try {
            ScramAlgorithm.prepare(parts[2]);
        } catch (IllegalArgumentException e) {
            // no password anybody could have registered (a control character, say): wrong, whoever asks
            return new SaslOutcome.Failure("not-authorized", "Wrong username or password.", counted);
        }
        Optional<Credentials> credentials = username.flatMap(store::credentials);
        if (credentials.isEmpty()) {
            // the same work as for an account, so that the answer's timing does not tell which exist
            ScramAlgorithm.SHA_256.deriveKeys(parts[2], ScramAlgorithm.decoySalt(decoySecret, counted), store.iterations());
            return new SaslOutcome.Failure("not-authorized", "Wrong username or password.", counted);
        }
        Credentials c = credentials.get();
        if (!parts[0].isEmpty() && !store.normalizeLogin(parts[0].split("@", 2)[0]).equals(username)) {
            return new SaslOutcome.Failure("invalid-authzid", "You may only log in as yourself.", counted);
        }
        ScramAlgorithm algorithm = c.keys().containsKey(ScramAlgorithm.SHA_256) ? ScramAlgorithm.SHA_256 : ScramAlgorithm.SHA_1;
        ScramKeys expected = c.keys().get(algorithm);
        ScramKeys given = algorithm.deriveKeys(parts[2], c.salt(), c.iterations());
        if (!MessageDigest.isEqual(expected.storedKey(), given.storedKey())) {
            return new SaslOutcome.Failure("not-authorized", "Wrong username or password.", counted);
        }
        store.passwordVerified(c.username(), parts[2], c);
        return new SaslOutcome.Success(c.username(), null);
    }
}
