package org.magpie.server.core.session;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.core.sasl.Authenticator;
import org.magpie.server.core.sasl.CredentialStore;
import org.magpie.server.core.sasl.Credentials;
import org.magpie.server.core.sasl.LoginThrottle;
import org.magpie.server.core.sasl.ScramAlgorithm;
import org.magpie.server.xml.ParserLimits;

/** What the session tests log in with: one account, alice, whose password is pencil, and no throttling. */
final class TestLogins {

    private static final byte[] SALT = new byte[16];

    private TestLogins() {
    }

    static Authenticator authenticator() {
        CredentialStore store = new CredentialStore() {
            @Override
            public Optional<Credentials> credentials(String username) {
                return "alice".equals(username) ? Optional.of(new Credentials("alice", SALT, 4096, Map.of(
                        ScramAlgorithm.SHA_1, ScramAlgorithm.SHA_1.deriveKeys("pencil", SALT, 4096),
                        ScramAlgorithm.SHA_256, ScramAlgorithm.SHA_256.deriveKeys("pencil", SALT, 4096)))) : Optional.empty();
            }

            @Override
            public Optional<String> normalizeLogin(String username) {
                return Optional.of(username);
            }
        };
        return new Authenticator(store, new LoginThrottle(new LoginThrottle.Policy(100, 100,
                Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5)), Clock.systemUTC()), new byte[32]);
    }

    /** The settings of example.com, pings after a minute of silence. */
    static StreamSettings settings(boolean tlsRequired, boolean plainWithoutTls) {
        return new StreamSettings(JidCreate.domainBareFromOrThrowUnchecked("example.com"), tlsRequired, plainWithoutTls, 5,
                ParserLimits.defaults(), Duration.ofSeconds(30),
                new KeepAlive.Settings(Duration.ofMinutes(1), Duration.ofSeconds(30)));
    }
}
