package org.magpie.plugin.roster.internal;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Account;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Node;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the roster's parts ({@link Rosters}, {@link Subscriptions}, {@link PresenceBroadcast}) share:
 * the store, the core's router and session manager (fetched at first use), the accounts, the texts,
 * the lock under which subscription changes touch two rosters one at a time, and which sessions are
 * available as this plugin has seen their presence.
 */
final class RosterContext {

    private static final Logger LOG = LoggerFactory.getLogger(RosterContext.class);

    final RosterStore store;
    final AccountService accounts;
    final DomainBareJid domain;
    final Clock clock;
    final Texts texts = Texts.of(RosterContext.class);
    /** Subscription changes touch two rosters at once: they are made one at a time under this lock. */
    final Object lock = new Object();
    /** Available sessions by session id (their full JIDs), as this plugin has seen their presence. */
    final Map<String, EntityFullJid> available = new ConcurrentHashMap<>();

    private final Supplier<SessionManager> sessionManager;
    private final Supplier<StanzaRouter> stanzaRouter;
    private volatile SessionManager sessions;
    private volatile StanzaRouter router;

    RosterContext(RosterStore store, Supplier<SessionManager> sessions, Supplier<StanzaRouter> router,
            AccountService accounts, DomainBareJid domain, Clock clock) {
        this.store = store;
        this.sessionManager = sessions;
        this.stanzaRouter = router;
        this.accounts = accounts;
        this.domain = domain;
        this.clock = clock;
    }

    SessionManager sessions() {
        SessionManager s = sessions;
        if (s == null) {
            synchronized (available) {
                s = sessions;
                if (s == null) {
                    s = Objects.requireNonNull(sessionManager.get(), "the core's session manager");
                    // sessions that were available before this plugin (re)started still count as available
                    for (Session session : s.sessions()) {
                        if (session.presence().isPresent() && session.jid().isPresent()) {
                            available.putIfAbsent(session.id(), session.jid().get());
                        }
                    }
                    sessions = s;
                }
            }
        }
        return s;
    }

    void route(Stanza stanza) {
        StanzaRouter r = router;
        if (r == null) {
            r = Objects.requireNonNull(stanzaRouter.get(), "the core's stanza router");
            router = r;
        }
        r.route(stanza);
    }

    boolean isLocal(Jid jid) {
        return jid.getDomain().equals(domain);
    }

    EntityBareJid local(String username) {
        return JidCreate.entityBareFromOrThrowUnchecked(username + "@" + domain);
    }

    Optional<String> accountNickname(EntityBareJid account) {
        if (!isLocal(account)) {
            return Optional.empty();
        }
        return accounts.find(account.getLocalpart().toString()).map(Account::nickname);
    }

    /** The name a roster shows for the item: the one its owner gave, else the contact's nickname. */
    String displayName(RosterItem item) {
        if (item.name() != null) {
            return item.name();
        }
        return bareJid(item.contact()).flatMap(this::accountNickname).orElse(null);
    }

    /** The available presence of each available resource of the account, from that resource. */
    List<Stanza> currentPresence(EntityBareJid account) {
        List<Stanza> result = new ArrayList<>();
        for (Session s : sessions().sessions(account)) {
            // each read once: a session that is ending may lose its presence in between
            Optional<Stanza> presence = s.presence();
            Optional<EntityFullJid> jid = s.jid();
            if (presence.isPresent() && jid.isPresent()) {
                result.add(presence.get().withFrom(jid.get()));
            }
        }
        return result;
    }

    /** A stored bare JID; empty (logged) when it no longer parses. */
    static Optional<EntityBareJid> bareJid(String value) {
        try {
            return Optional.ofNullable(JidCreate.entityBareFrom(value));
        } catch (XmppStringprepException | IllegalArgumentException e) {
            LOG.warn("ignoring stored address {}: {}", value, e.getMessage());
            return Optional.empty();
        }
    }

    static Stanza presence(Jid from, Jid to, PresenceType type, String id, List<? extends Node> children) {
        return Stanza.create(Stanza.Kind.PRESENCE, from, to, type, id, children);
    }
}
