package org.magpie.plugin.auth.internal;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.magpie.server.api.AccountException;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.text.LocalizedText;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** XEP-0077 §3.1: a new account, registered before logging in, within the hourly limits. */
final class NewAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(NewAccounts.class);
    private static final String NS = Namespaces.REGISTER;

    private final Texts texts = Texts.of(NewAccounts.class);
    private final AccountService accounts;
    private final AccountRules rules;
    private final RegistrationLimiter limiter = new RegistrationLimiter(Clock.systemUTC());

    NewAccounts(AccountService accounts, AccountRules rules) {
        this.accounts = accounts;
        this.rules = rules;
    }

    Stanza register(Stanza iq, Element query, Session session, RegistrationSettings current) throws StanzaException {
        if (query.child("remove", NS).isPresent()) {
            // XEP-0077 §3.2: an unauthenticated entity has no account to remove
            throw texts.text("log.in.first").exception(Condition.UNEXPECTED_REQUEST);
        }
        if (!current.registrationEnabled()) {
            throw texts.text("registration.disabled").exception(Condition.NOT_ALLOWED);
        }
        String username = query.childText("username").map(String::strip).orElse("");
        String password = query.childText("password").orElse(""); // as typed: spaces may be meant
        requireAll(username, password);

        String normalized = rules.normalize(username);
        if (current.refuses(normalized, session.remoteAddress())) {
            LOG.warn("registration of the reserved name {} refused (from {})", normalized, session.remoteAddress());
            throw texts.text("name.reserved").exception(Condition.NOT_ALLOWED);
        }
        String nick = nickname(query, normalized);
        rules.checkNickname(nick);
        if (!current.policy().accepts(password)) {
            throw new StanzaException(current.policy().violation());
        }
        String address = address(session);
        Optional<LocalizedText> tooMany = limiter.acquire(address, current.perAddressPerHour(), current.perHour());
        if (tooMany.isPresent()) {
            LOG.info("registration of {} from {} refused: too many registrations in the last hour", normalized, address);
            throw tooMany.get().exception(Condition.RESOURCE_CONSTRAINT);
        }
        try {
            accounts.create(normalized, password, nick);
        } catch (AccountException e) {
            limiter.release(address); // a name taken or refused uses no place
            throw rules.failure(e, normalized);
        } catch (RuntimeException e) {
            limiter.release(address);
            throw e;
        }
        LOG.info("account {} registered in-band from {}", normalized, session.remoteAddress());
        return iq.resultReply(null);
    }

    /**
     * The nickname: {@code <nick/>} when given; standard clients (Smack's AccountManager, Profanity)
     * leave it out or send it empty, so then their {@code <name/>} (the user's full name), else the
     * account name itself.
     */
    static String nickname(Element query, String account) {
        return nonBlank(query, "nick").or(() -> nonBlank(query, "name")).orElse(account);
    }

    private static Optional<String> nonBlank(Element query, String field) {
        return query.childText(field).map(String::strip).filter(s -> !s.isEmpty());
    }

    /** XEP-0077 §3.1: the account name and password are required; an empty one counts as missing. */
    private void requireAll(String username, String password) throws StanzaException {
        List<LocalizedText> missing = new ArrayList<>();
        if (username.isEmpty()) {
            missing.add(texts.text("field.username"));
        }
        if (password.isEmpty()) {
            missing.add(texts.text("field.password"));
        }
        if (!missing.isEmpty()) {
            throw texts.text(missing.size() == 1 ? "missing.field" : "missing.fields", missing)
                    .exception(Condition.NOT_ACCEPTABLE);
        }
    }

    private static String address(Session session) {
        InetSocketAddress a = session.remoteAddress();
        return a == null || a.getAddress() == null ? "unknown" : a.getAddress().getHostAddress();
    }
}
