package org.magpie.plugin.roster.internal;

import org.magpie.server.api.IqType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Account;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rosters and presence subscriptions (RFC 6121) for the accounts of this server. Everything runs on
 * the worker thread of the session whose stanza or event it handles. Changes of subscription state
 * touch two rosters at once, so they are made one at a time under {@link #lock}; the in-memory state
 * (which sessions are available, asked for the roster, sent directed presence) belongs to this
 * component instance and goes with it.
 *
 * <p>The thin OSGi services around it ({@link RosterIqHandler}, {@link PresenceInterceptor},
 * {@link PresenceSessionListener}, {@link VCardHandler}) call in here.
 */
@Component(service = RosterEngine.class)
public final class RosterEngine {

    static final String NICK_NS = "http://jabber.org/protocol/nick";
    static final String DELAY_NS = "urn:xmpp:delay";
    static final int MAX_NAME = 1024;
    static final int MAX_STATUS = 1000;

    private static final Logger LOG = LoggerFactory.getLogger(RosterEngine.class);

    static final Text SELF = new Text("You cannot add yourself as a friend.", "不能添加自己为好友。");
    static final Text NOT_AN_ACCOUNT = new Text("A friend request must go to an account (user@domain).",
            "好友请求只能发给账号（用户名@域名）。");
    static final Text STORAGE = new Text("The server could not save your contacts just now. Please try again later.",
            "服务器暂时无法保存联系人信息，请稍后再试。");

    private final RosterStore store;
    private final Supplier<SessionManager> sessionManager;
    private final Supplier<StanzaRouter> stanzaRouter;
    private volatile SessionManager sessions;
    private volatile StanzaRouter router;
    private final AccountService accounts;
    /** Null in unit tests, which construct this without the core. */
    private AccountDeletions deletions;
    private final DomainBareJid domain;
    private final Clock clock;
    private final Object lock = new Object();

    /** Available sessions by session id (their full JIDs), as this plugin has seen their presence. */
    private final Map<String, EntityFullJid> available = new ConcurrentHashMap<>();
    /** Addressees of directed available presence, by session id (RFC 6121 §4.6). */
    private final Map<String, Set<Jid>> directed = new ConcurrentHashMap<>();
    /** Sessions that have asked for the roster and so get roster pushes (RFC 6121 §2.1.6). */
    private final Set<String> interested = ConcurrentHashMap.newKeySet();

    /** The core's router and session manager are plain references: the core tracks plugin services outside DS. */
    @Activate
    public RosterEngine(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference SessionManager sessions,
            @Reference StanzaRouter router, @Reference AccountService accounts,
            @Reference AccountDeletions deletions, @Reference ServerInfo info) throws SQLException {
        this(new RosterStore(dataSource, migrations), () -> sessions, () -> router, accounts, info.domain(),
                Clock.systemUTC());
        this.deletions = deletions;
        // accounts deleted while this plugin was switched off leave every roster before it serves anyone;
        // nothing is pushed (the core is not asked for sessions while this activates): clients see it at their next fetch
        deletions.catchUp(RosterStore.MODULE, username -> {
            synchronized (lock) {
                forgetStored(local(username));
            }
        });
    }

    RosterEngine(RosterStore store, Supplier<SessionManager> sessions, Supplier<StanzaRouter> router,
            AccountService accounts, DomainBareJid domain, Clock clock) {
        this.store = store;
        this.sessionManager = sessions;
        this.stanzaRouter = router;
        this.accounts = accounts;
        this.domain = domain;
        this.clock = clock;
    }

    private SessionManager sessions() {
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

    private StanzaRouter router() {
        StanzaRouter r = router;
        if (r == null) {
            r = Objects.requireNonNull(stanzaRouter.get(), "the core's stanza router");
            router = r;
        }
        return r;
    }

    RosterStore store() {
        return store;
    }

    // ================================================================ roster IQs (RFC 6121 §2)

    Stanza rosterGet(Stanza iq, Element query, Session session) {
        EntityBareJid owner = owner(session);
        interested.add(session.id());
        List<RosterItem> items = store.items(owner.toString());
        List<Element> elements = new ArrayList<>(items.size());
        for (RosterItem item : items) {
            elements.add(item.toElement(displayName(item)));
        }
        String ver = version(owner.toString(), elements);
        String requested = query.attribute("ver");
        if (ver.equals(requested)) {
            return iq.resultReply(null); // RFC 6121 §2.6.3: unchanged, the client's cache is right
        }
        return iq.resultReply(Element.builder("query", RosterItem.NS).attribute("ver", ver).children(elements).build());
    }

    Stanza rosterSet(Stanza iq, Element query, Session session) throws StanzaException {
        EntityBareJid owner = owner(session);
        List<Element> items = query.elements();
        if (items.size() != 1 || !items.get(0).is("item", RosterItem.NS)) {
            throw new StanzaException(new Text("A roster set carries exactly one item.", "每次只能修改一个联系人。")
                    .error(Condition.BAD_REQUEST));
        }
        Element item = items.get(0);
        EntityBareJid contact = bareJid(item.attribute("jid"));
        if ("remove".equals(item.attribute("subscription"))) {
            synchronized (lock) {
                remove(owner, contact);
            }
            return iq.resultReply(null);
        }
        if (contact.equals(owner)) {
            throw new StanzaException(SELF.error(Condition.NOT_ALLOWED));
        }
        String name = item.attribute("name");
        if (name != null) {
            name = name.strip();
            if (name.isEmpty()) {
                name = null;
            } else if (name.length() > MAX_NAME) {
                throw new StanzaException(new Text("The name is too long: use at most " + MAX_NAME + " characters.",
                        "名称过长：最多 " + MAX_NAME + " 个字符。").error(Condition.NOT_ACCEPTABLE));
            }
        }
        Set<String> groups = new LinkedHashSet<>();
        for (Element g : item.elements()) {
            if (!g.is("group", RosterItem.NS)) {
                continue;
            }
            String group = g.text().strip();
            if (group.isEmpty() || group.length() > MAX_NAME || group.indexOf(RosterStore.GROUP_SEPARATOR) >= 0) {
                // RFC 6121 §2.3.3: an empty group name is not-acceptable
                throw new StanzaException(new Text("Group names must not be empty, have line breaks or exceed "
                        + MAX_NAME + " characters.", "分组名不能为空、不能换行，且最多 " + MAX_NAME + " 个字符。")
                        .error(Condition.NOT_ACCEPTABLE));
            }
            groups.add(group);
        }
        synchronized (lock) {
            RosterItem current = store.item(owner.toString(), contact.toString()).orElse(RosterItem.fresh(contact.toString()));
            RosterItem updated = current.withNameAndGroups(name, List.copyOf(groups));
            store.save(owner.toString(), updated);
            changed(owner, updated);
        }
        return iq.resultReply(null);
    }

    /** RFC 6121 §2.5.2: cancel both directions, then delete the item. */
    private void remove(EntityBareJid user, EntityBareJid contact) throws StanzaException {
        Optional<RosterItem> found = store.item(user.toString(), contact.toString());
        if (found.isEmpty()) {
            throw new StanzaException(new Text("This contact is not in your list.", "该联系人不在您的列表中。")
                    .error(Condition.ITEM_NOT_FOUND));
        }
        RosterItem item = found.get();
        if (isLocal(contact)) {
            if (item.subscription().hasTo() || item.askOut()) {
                inboundUnsubscribe(presence(user, contact, "unsubscribe", null, List.of()), contact, user);
            }
            boolean pendingIn = store.removeRequest(user.toString(), contact.toString());
            if (item.subscription().hasFrom() || pendingIn) {
                inboundUnsubscribed(presence(user, contact, "unsubscribed", null, List.of()), contact, user);
                if (item.subscription().hasFrom()) {
                    sendUnavailable(user, contact);
                }
            }
        }
        store.delete(user.toString(), contact.toString());
        store.bumpVersion(user.toString());
        push(user, RosterItem.removed(contact.toString()));
    }

    // ================================================================ presence from clients

    /** A presence a client sent, after the server stamped its {@code from}. */
    Verdict outbound(Stanza presence, Session sender) {
        Optional<EntityFullJid> jid = sender.jid();
        if (jid.isEmpty()) {
            return Verdict.pass(presence);
        }
        EntityFullJid full = jid.get();
        EntityBareJid self = full.asEntityBareJid();
        String type = presence.type();
        Jid to = presence.to();
        try {
            if (to == null) {
                if (type == null) {
                    availableBroadcast(presence, sender.id(), full);
                } else if ("unavailable".equals(type)) {
                    unavailableBroadcast(presence, sender.id());
                }
                return Verdict.pass(presence);
            }
            if (type == null || "unavailable".equals(type)) {
                trackDirected(sender.id(), self, to, type == null);
                return Verdict.pass(presence);
            }
            return switch (type) {
                case "subscribe", "subscribed", "unsubscribe", "unsubscribed" -> subscription(presence, type, self, to);
                case "probe" -> {
                    probe(full, to);
                    yield Verdict.drop();
                }
                default -> Verdict.pass(presence);
            };
        } catch (RosterStore.StorageException e) {
            LOG.error("presence of {} not handled: {}", full, e.getMessage(), e);
            return Verdict.reject(STORAGE.error(Condition.INTERNAL_SERVER_ERROR));
        }
    }

    private Verdict subscription(Stanza presence, String type, EntityBareJid self, Jid to) {
        if (!to.hasLocalpart()) {
            return Verdict.reject(NOT_AN_ACCOUNT.error(Condition.BAD_REQUEST));
        }
        EntityBareJid contact = to.asEntityBareJidIfPossible();
        if (!isLocal(contact)) {
            return Verdict.pass(presence.withFrom(self).withTo(contact)); // the core refuses other domains
        }
        if (contact.equals(self)) {
            return "subscribe".equals(type) ? Verdict.reject(SELF.error(Condition.NOT_ACCEPTABLE)) : Verdict.drop();
        }
        synchronized (lock) {
            switch (type) {
                case "subscribe" -> {
                    Optional<Account> account = accounts.find(contact.getLocalpart().toString());
                    if (account.isEmpty()) {
                        return Verdict.reject(new Text("There is no account " + contact + ": check the account name.",
                                "账号 " + contact + " 不存在，请检查账号名。").error(Condition.ITEM_NOT_FOUND));
                    }
                    outboundSubscribe(presence, self, contact);
                }
                case "subscribed" -> outboundSubscribed(presence, self, contact);
                case "unsubscribe" -> outboundUnsubscribe(presence, self, contact);
                case "unsubscribed" -> outboundUnsubscribed(presence, self, contact);
                default -> throw new IllegalArgumentException(type);
            }
        }
        return Verdict.drop();
    }

    // ---------------------------------------------------------------- subscribe (RFC 6121 §3.1)

    private void outboundSubscribe(Stanza presence, EntityBareJid user, EntityBareJid contact) {
        RosterItem item = store.item(user.toString(), contact.toString()).orElse(RosterItem.fresh(contact.toString()));
        if (!item.subscription().hasTo() && !item.askOut()) {
            RosterItem asking = item.with(item.subscription(), true);
            store.save(user.toString(), asking);
            changed(user, asking);
        }
        List<Node> children = new ArrayList<>(payload(presence));
        if (presence.element().child("nick", NICK_NS).isEmpty()) {
            accountNickname(user).ifPresent(n -> children.add(Element.builder("nick", NICK_NS).text(n).build()));
        }
        inboundSubscribe(presence(user, contact, "subscribe", presence.id(), children), user, contact);
    }

    private void inboundSubscribe(Stanza request, EntityBareJid requester, EntityBareJid owner) {
        Optional<RosterItem> item = store.item(owner.toString(), requester.toString());
        if (item.isPresent() && item.get().subscription().hasFrom()) {
            // already approved: answer for the owner (RFC 6121 §3.1.3)
            if (inboundSubscribed(presence(owner, requester, "subscribed", null, List.of()), requester, owner)) {
                sendCurrentPresence(owner, requester);
            }
            return;
        }
        String status = request.element().child("status", Namespaces.CLIENT).map(Element::text).map(RosterEngine::clip)
                .orElse(null);
        String nick = request.element().child("nick", NICK_NS).map(Element::text).map(RosterEngine::clip).orElse(null);
        store.addRequest(owner.toString(), requester.toString(), status, nick, clock.instant());
        router().route(request); // to the owner's available resources; the others get it at their login
    }

    // ---------------------------------------------------------------- subscribed (RFC 6121 §3.1.5)

    private void outboundSubscribed(Stanza presence, EntityBareJid contact, EntityBareJid user) {
        boolean pending = store.removeRequest(contact.toString(), user.toString());
        Optional<RosterItem> found = store.item(contact.toString(), user.toString());
        if (!pending && !found.map(i -> i.subscription().hasFrom()).orElse(false)) {
            return; // nothing was asked: no pre-approval here (RFC 6121 §3.4 is optional)
        }
        RosterItem item = found.orElse(RosterItem.fresh(user.toString()));
        if (!item.subscription().hasFrom()) {
            RosterItem approved = item.with(item.subscription().withFrom(), item.askOut());
            store.save(contact.toString(), approved);
            changed(contact, approved);
        }
        if (inboundSubscribed(presence(contact, user, "subscribed", presence.id(), payload(presence)), user, contact)) {
            sendCurrentPresence(contact, user);
        }
    }

    /** @return whether the user's roster changed (the user was asking) */
    private boolean inboundSubscribed(Stanza approval, EntityBareJid user, EntityBareJid contact) {
        Optional<RosterItem> item = store.item(user.toString(), contact.toString());
        if (item.isEmpty() || !item.get().askOut()) {
            return false; // RFC 6121 §3.1.6: not asked for, so ignored
        }
        RosterItem subscribed = item.get().with(item.get().subscription().withTo(), false);
        store.save(user.toString(), subscribed);
        changed(user, subscribed);
        router().route(approval);
        return true;
    }

    // ---------------------------------------------------------------- unsubscribe (RFC 6121 §3.3)

    private void outboundUnsubscribe(Stanza presence, EntityBareJid user, EntityBareJid contact) {
        Optional<RosterItem> item = store.item(user.toString(), contact.toString());
        if (item.isPresent() && (item.get().subscription().hasTo() || item.get().askOut())) {
            RosterItem ended = item.get().with(item.get().subscription().withoutTo(), false);
            store.save(user.toString(), ended);
            changed(user, ended);
        }
        inboundUnsubscribe(presence(user, contact, "unsubscribe", presence.id(), payload(presence)), contact, user);
    }

    private void inboundUnsubscribe(Stanza request, EntityBareJid contact, EntityBareJid user) {
        boolean pending = store.removeRequest(contact.toString(), user.toString());
        Optional<RosterItem> item = store.item(contact.toString(), user.toString());
        boolean hadFrom = item.isPresent() && item.get().subscription().hasFrom();
        if (hadFrom) {
            RosterItem ended = item.get().with(item.get().subscription().withoutFrom(), item.get().askOut());
            store.save(contact.toString(), ended);
            changed(contact, ended);
        }
        if (pending || hadFrom) {
            router().route(request);
        }
        if (hadFrom) {
            sendUnavailable(contact, user);
        }
    }

    // ---------------------------------------------------------------- unsubscribed (RFC 6121 §3.2)

    private void outboundUnsubscribed(Stanza presence, EntityBareJid contact, EntityBareJid user) {
        store.removeRequest(contact.toString(), user.toString());
        Optional<RosterItem> item = store.item(contact.toString(), user.toString());
        boolean hadFrom = item.isPresent() && item.get().subscription().hasFrom();
        if (hadFrom) {
            RosterItem cancelled = item.get().with(item.get().subscription().withoutFrom(), item.get().askOut());
            store.save(contact.toString(), cancelled);
            changed(contact, cancelled);
        }
        inboundUnsubscribed(presence(contact, user, "unsubscribed", presence.id(), payload(presence)), user, contact);
        if (hadFrom) {
            sendUnavailable(contact, user);
        }
    }

    private void inboundUnsubscribed(Stanza refusal, EntityBareJid user, EntityBareJid contact) {
        Optional<RosterItem> item = store.item(user.toString(), contact.toString());
        if (item.isPresent() && (item.get().askOut() || item.get().subscription().hasTo())) {
            RosterItem refused = item.get().with(item.get().subscription().withoutTo(), false);
            store.save(user.toString(), refused);
            changed(user, refused);
            router().route(refusal);
        }
    }

    // ================================================================ presence broadcast (RFC 6121 §4)

    private void availableBroadcast(Stanza presence, String sessionId, EntityFullJid full) {
        boolean initial = available.put(sessionId, full) == null;
        EntityBareJid self = full.asEntityBareJid();
        List<RosterItem> items = store.items(self.toString());
        for (RosterItem item : items) {
            if (item.subscription().hasFrom()) {
                bareJidOrNull(item.contact()).ifPresent(c -> router().route(presence.withTo(c)));
            }
        }
        if (!initial) {
            return;
        }
        // the probes of RFC 6121 §4.2.2, answered here from the contacts' current presence
        for (RosterItem item : items) {
            if (item.subscription().hasTo()) {
                bareJidOrNull(item.contact()).ifPresent(c -> {
                    for (Stanza p : currentPresence(c)) {
                        router().route(p.withTo(full));
                    }
                });
            }
        }
        // friend requests not answered yet: again at every login until answered
        for (RosterStore.Request r : store.requests(self.toString())) {
            Optional<EntityBareJid> requester = bareJidOrNull(r.requester());
            if (requester.isEmpty()) {
                continue;
            }
            List<Node> children = new ArrayList<>();
            if (r.status() != null) {
                children.add(Element.builder("status", Namespaces.CLIENT).text(r.status()).build());
            }
            String nick = accountNickname(requester.get()).orElse(r.nickname());
            if (nick != null) {
                children.add(Element.builder("nick", NICK_NS).text(nick).build());
            }
            children.add(Element.builder("delay", DELAY_NS).attribute("from", domain.toString())
                    .attribute("stamp", r.created().truncatedTo(ChronoUnit.MILLIS).toString()).build());
            router().route(presence(requester.get(), full, "subscribe", Stanza.newId(), children));
        }
    }

    private void unavailableBroadcast(Stanza presence, String sessionId) {
        EntityFullJid full = available.remove(sessionId);
        Set<Jid> targets = directed.remove(sessionId);
        if (full == null) {
            return; // was not available: the core ignores it too
        }
        broadcastUnavailable(presence, full, targets);
    }

    /** A session closed (logout, kicked, broken connection): unavailable to whoever saw it available. */
    void sessionClosed(Session session) {
        wentOffline(session.id());
    }

    private void wentOffline(String sessionId) {
        interested.remove(sessionId);
        EntityFullJid full = available.remove(sessionId);
        Set<Jid> targets = directed.remove(sessionId);
        if (full == null) {
            return;
        }
        try {
            broadcastUnavailable(presence(full, null, "unavailable", null, List.of()), full, targets);
        } catch (RosterStore.StorageException e) {
            LOG.error("unavailable presence of {} not sent: {}", full, e.getMessage(), e);
        }
    }

    private void broadcastUnavailable(Stanza unavailable, EntityFullJid full, Set<Jid> directedTo) {
        Set<Jid> sent = new LinkedHashSet<>();
        for (RosterItem item : store.items(full.asEntityBareJid().toString())) {
            if (item.subscription().hasFrom()) {
                bareJidOrNull(item.contact()).ifPresent(c -> {
                    sent.add(c);
                    router().route(unavailable.withTo(c));
                });
            }
        }
        if (directedTo != null) {
            for (Jid target : directedTo) {
                if (!sent.contains(target)) {
                    router().route(unavailable.withTo(target));
                }
            }
        }
    }

    private void trackDirected(String sessionId, EntityBareJid self, Jid to, boolean availableNow) {
        if (to.asBareJid().equals(self) || !to.hasLocalpart() || !isLocal(to)) {
            return;
        }
        if (availableNow) {
            directed.computeIfAbsent(sessionId, k -> ConcurrentHashMap.newKeySet()).add(to);
        } else {
            directed.computeIfPresent(sessionId, (k, set) -> {
                set.remove(to);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** RFC 6121 §4.3: a client's own probe, answered only for contacts it is subscribed to. */
    private void probe(EntityFullJid prober, Jid to) {
        if (!to.hasLocalpart() || !isLocal(to)) {
            return;
        }
        EntityBareJid contact = to.asEntityBareJidIfPossible();
        EntityBareJid self = prober.asEntityBareJid();
        boolean allowed = contact.equals(self)
                || store.item(self.toString(), contact.toString()).map(i -> i.subscription().hasTo()).orElse(false);
        if (!allowed) {
            return;
        }
        List<Stanza> current = currentPresence(contact);
        if (current.isEmpty()) {
            router().route(presence(contact, prober, "unavailable", null, List.of()));
        }
        for (Stanza p : current) {
            router().route(p.withTo(prober));
        }
    }

    /** The available presence of each available resource of the account, from that resource. */
    private List<Stanza> currentPresence(EntityBareJid account) {
        List<Stanza> result = new ArrayList<>();
        for (Session s : sessions().sessions(account)) {
            Optional<Stanza> p = s.presence();
            Optional<EntityFullJid> jid = s.jid();
            if (p.isPresent() && jid.isPresent()) {
                result.add(p.get().withFrom(jid.get()));
            }
        }
        return result;
    }

    private void sendCurrentPresence(EntityBareJid from, EntityBareJid to) {
        for (Stanza p : currentPresence(from)) {
            router().route(p.withTo(to));
        }
    }

    private void sendUnavailable(EntityBareJid from, EntityBareJid to) {
        for (Stanza p : currentPresence(from)) {
            router().route(presence(p.from(), to, "unavailable", null, List.of()));
        }
    }

    // ================================================================ nicknames

    /** The account's nickname changed: rosters that show it (items without a name of their own) get pushes. */
    void nicknameChanged(EntityBareJid account) {
        synchronized (lock) {
            for (RosterStore.Owned o : store.holdersOf(account.toString())) {
                if (o.item().name() == null) {
                    bareJidOrNull(o.owner()).ifPresent(owner -> changed(owner, o.item()));
                }
            }
        }
    }

    /**
     * The account was removed (its sessions have ended, so friends already saw it go offline): it
     * leaves every roster it was in, with a push as if the owner had removed it, and nothing of its
     * own roster, requests or vCard remains for a later account of the same name to inherit.
     */
    /** An account was deleted: it, and any deletion not yet handled here, leave every roster. */
    void accountDeleted(String username) {
        if (deletions == null) {
            accountDeleted(local(username));
        } else {
            deletions.catchUp(RosterStore.MODULE, u -> accountDeleted(local(u)));
        }
    }

    /** The stored side of a deletion, without telling anyone: every roster row of it, bumping the holders' versions. */
    private void forgetStored(EntityBareJid account) {
        for (RosterStore.Owned o : store.holdersOf(account.toString())) {
            store.delete(o.owner(), account.toString());
            store.bumpVersion(o.owner());
        }
        store.forget(account.toString());
    }

    void accountDeleted(EntityBareJid account) {
        // the account's sessions are ending, but their close may be handled after the rows below are gone
        for (Map.Entry<String, EntityFullJid> a : List.copyOf(available.entrySet())) {
            if (a.getValue().asEntityBareJid().equals(account)) {
                wentOffline(a.getKey());
            }
        }
        synchronized (lock) {
            for (RosterStore.Owned o : store.holdersOf(account.toString())) {
                bareJidOrNull(o.owner()).ifPresent(owner -> {
                    store.delete(o.owner(), account.toString());
                    store.bumpVersion(o.owner());
                    push(owner, RosterItem.removed(account.toString()));
                });
            }
            store.forget(account.toString());
        }
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

    private String displayName(RosterItem item) {
        if (item.name() != null) {
            return item.name();
        }
        return bareJidOrNull(item.contact()).flatMap(this::accountNickname).orElse(null);
    }

    // ================================================================ pushes and versions

    /** Counts a change of the owner's roster and pushes the item to the owner's interested sessions. */
    private void changed(EntityBareJid owner, RosterItem item) {
        store.bumpVersion(owner.toString());
        push(owner, item.toElement(displayName(item)));
    }

    private void push(EntityBareJid owner, Element item) {
        Collection<Session> targets = sessions().sessions(owner).stream().filter(s -> interested.contains(s.id())).toList();
        if (targets.isEmpty()) {
            return;
        }
        List<Element> all = new ArrayList<>();
        for (RosterItem i : store.items(owner.toString())) {
            all.add(i.toElement(displayName(i)));
        }
        String ver = version(owner.toString(), all);
        Element query = Element.builder("query", RosterItem.NS).attribute("ver", ver).child(item).build();
        for (Session s : targets) {
            s.jid().ifPresent(to -> s.send(Stanza.create(Stanza.Kind.IQ, owner, to, IqType.SET, Stanza.newId(), List.of(query))));
        }
    }

    /**
     * The roster version (RFC 6121 §2.6): the owner's change counter plus a checksum of the roster as
     * sent, so that a nickname changed elsewhere (which this plugin may not hear of) changes it too.
     */
    private String version(String owner, List<Element> items) {
        CRC32 crc = new CRC32();
        for (Element e : items) {
            crc.update(e.toXml().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return store.version(owner) + "-" + Long.toHexString(crc.getValue());
    }

    // ================================================================ helpers

    private boolean isLocal(Jid jid) {
        return jid.getDomain().equals(domain);
    }

    private static EntityBareJid owner(Session session) {
        return session.account().orElseThrow(() -> new IllegalStateException("not logged in: " + session));
    }

    private static EntityBareJid bareJid(String value) throws StanzaException {
        if (value == null) {
            throw new StanzaException(new Text("The item needs a jid.", "联系人缺少账号地址。").error(Condition.BAD_REQUEST));
        }
        try {
            Jid jid = JidCreate.from(value);
            EntityBareJid bare = jid.asEntityBareJidIfPossible();
            if (bare == null || jid.hasResource()) {
                throw new StanzaException(new Text("Not an account address: " + value, "不是账号地址：" + value)
                        .error(Condition.JID_MALFORMED));
            }
            return bare;
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new StanzaException(new Text("Malformed address: " + value, "地址格式错误：" + value)
                    .error(Condition.JID_MALFORMED));
        }
    }

    private static Optional<EntityBareJid> bareJidOrNull(String value) {
        try {
            return Optional.ofNullable(JidCreate.entityBareFrom(value));
        } catch (XmppStringprepException | IllegalArgumentException e) {
            LOG.warn("ignoring stored address {}: {}", value, e.getMessage());
            return Optional.empty();
        }
    }

    private static Stanza presence(Jid from, Jid to, String type, String id, List<? extends Node> children) {
        return Stanza.create(Stanza.Kind.PRESENCE, from, to, type, id, children);
    }

    /** The children of a client's subscription presence worth passing on (status, nick, ...), not errors. */
    private static List<Node> payload(Stanza presence) {
        List<Node> result = new ArrayList<>();
        for (Element e : presence.element().elements()) {
            if (!e.is("error", Namespaces.CLIENT)) {
                result.add(e);
            }
        }
        return result;
    }

    private static String clip(String s) {
        String t = s.strip();
        if (t.isEmpty()) {
            return null;
        }
        return t.length() > MAX_STATUS ? t.substring(0, MAX_STATUS) : t;
    }

    Instant now() {
        return clock.instant();
    }
}
