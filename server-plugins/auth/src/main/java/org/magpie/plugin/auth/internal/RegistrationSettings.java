package org.magpie.plugin.auth.internal;

import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import org.jxmpp.jid.parts.Localpart;
import org.jxmpp.stringprep.XmppStringprepException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registration settings, which change together on reconfiguration (read once per request): whether
 * new accounts may register, the password rule, reserved and administrator names, and the hourly limits.
 */
record RegistrationSettings(boolean registrationEnabled, PasswordPolicy policy, Set<String> reserved,
        Set<String> administrators, boolean administratorsFromLoopback, int perAddressPerHour, int perHour) {

    private static final Logger LOG = LoggerFactory.getLogger(RegistrationSettings.class);

    static RegistrationSettings of(AuthConfig config) {
        int minLength = config.password_min_length();
        if (minLength < 1) {
            LOG.warn("password_min_length={} makes no sense; using 1", minLength);
            minLength = 1;
        }
        RegistrationSettings s = new RegistrationSettings(config.registration_enabled(),
                new PasswordPolicy(minLength, config.password_require_letters_and_digits()),
                names(config.registration_reserved_names()), names(config.accounts()),
                config.registration_administrators_from_loopback(),
                Math.max(0, config.registration_per_address_per_hour()), Math.max(0, config.registration_per_hour()));
        LOG.info("in-band registration {}; passwords: at least {} characters{}",
                s.registrationEnabled() ? "enabled" : "disabled", s.policy().minLength(),
                s.policy().requireLettersAndDigits() ? " with letters and digits" : "");
        return s;
    }

    /** Account names of a comma-separated list, normalized as the account service does. */
    static Set<String> names(String list) {
        Set<String> names = new HashSet<>();
        for (String n : list.split(",")) {
            String name = n.strip();
            if (!name.isEmpty()) {
                try {
                    names.add(Localpart.from(name).toString());
                } catch (XmppStringprepException | IllegalArgumentException e) {
                    names.add(name.toLowerCase(Locale.ROOT));
                }
            }
        }
        return Set.copyOf(names);
    }

    /**
     * Whether this name may not be registered from there: a service or reserved name never; a listed
     * administrator only from the server's own machine (how the first administrator gets an account).
     */
    boolean refuses(String name, InetSocketAddress from) {
        if (administrators.contains(name)) {
            return !(administratorsFromLoopback && from != null && from.getAddress() != null
                    && from.getAddress().isLoopbackAddress());
        }
        return reserved.contains(name);
    }
}
