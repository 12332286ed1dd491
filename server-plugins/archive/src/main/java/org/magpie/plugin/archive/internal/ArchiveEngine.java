package org.magpie.plugin.archive.internal;

import org.magpie.server.api.MessageType;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;
import org.magpie.server.api.Account;
import org.magpie.server.xml.StanzaText;
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
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.xml.Element;
import org.magpie.server.api.xml.Node;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message archive (XEP-0313), offline messages (XEP-0160) and the inbox of unread counts
 * (namespace {@value #INBOX_NS}) of the accounts of this server.
 *
 * <p>Every chat or normal message with a body that a client sends to a local account is stored in
 * one transaction (archive row, both inbox rows, and the offline copy when the addressee is offline)
 * on the sender's worker thread, before the core routes it; the copy that is routed carries the
 * archive id as XEP-0359 stanza-id. A message for an offline account is dropped after it is stored
 * and handed over, with a XEP-0203 delay, at the account's next available presence: first written
 * to the connection, then deleted (what was not written waits for the next login), so a server killed
 * in between hands it over twice rather than never. What the client then never confirmed reading
 * (its connection died) comes back through {@link #undelivered} and waits again.
 *
 * <p>Whether the addressee is online and its offline messages are taken out one account at a time
 * (striped {@link #locks}), so a message cannot slip into the offline store while the addressee
 * is collecting it and then wait there until the next login: a session that has collected its
 * messages counts as online here ({@link #available}) even before the core has recorded its presence.
 *
 * <p>The thin OSGi services around it ({@link MessageInterceptor}, {@link PresenceInterceptor},
 * {@link MamHandler}, {@link InboxHandler}, {@link ArchiveSessionListener},
 * {@link ArchiveAccountListener}) call in here.
 */
@Component(service = ArchiveEngine.class, configurationPid = ArchiveEngine.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ArchiveConfig.class)
public final class ArchiveEngine {

    static final String PID = "org.magpie.archive";
    static final String MAM_NS = "urn:xmpp:mam:2";
    static final String RSM_NS = "http://jabber.org/protocol/rsm";
    static final String DATA_NS = "jabber:x:data";
    static final String FORWARD_NS = "urn:xmpp:forward:0";
    static final String SID_NS = "urn:xmpp:sid:0";
    static final String DELAY_NS = "urn:xmpp:delay";
    static final String MARKERS_NS = "urn:xmpp:chat-markers:0";
    static final String CHAT_STATES_NS = "http://jabber.org/protocol/chatstates";
    static final String HINTS_NS = "urn:xmpp:hints";
    static final String INBOX_NS = "urn:magpie:inbox:0";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveEngine.class);

    static final Text NOT_STORED = new Text("The server could not store your message just now, so it was not sent. "
            + "Please try again later.", "服务器暂时无法保存您的消息，消息未发送，请稍后再试。");

    /** The settings in effect. */
    record Settings(boolean enabled, int offlineMax, int mamMax, int mamDefault, long mamMaxBytes, boolean keepPeers) {
        static Settings of(ArchiveConfig c) {
            int max = Math.max(1, c.mam_max_page());
            return new Settings(c.enabled(), Math.max(0, c.offline_max_per_user()), max,
                    Math.max(1, Math.min(max, c.mam_default_page())), Math.max(1, c.mam_max_page_bytes()),
                    c.deletion_keeps_peer_history());
        }
    }

    private final ArchiveStore store;
    private final Ids ids;
    private final Supplier<SessionManager> sessionManager;
    private volatile SessionManager sessions;
    private final AccountService accounts;
    private AccountDeletions deletions;
    private final DomainBareJid domain;
    private volatile Settings settings;
    private final Object[] locks = new Object[64];
    /** Sessions that have collected their offline messages and are available with priority >= 0. */
    private final Map<String, EntityFullJid> available = new ConcurrentHashMap<>();
    /** Each account's archiving mode, read once: it is asked for every message. */
    private final Map<String, String> modes = new ConcurrentHashMap<>();

    /** The core's session manager is a plain reference: the core tracks plugin services outside DS, no cycle. */
    @Activate
    public ArchiveEngine(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference SessionManager sessions,
            @Reference AccountService accounts, @Reference AccountDeletions deletions, @Reference ServerInfo info,
            ArchiveConfig config) throws SQLException {
        this(new ArchiveStore(dataSource, migrations), () -> sessions, accounts, info.domain(),
                Settings.of(config), Clock.systemUTC());
        this.deletions = deletions;
        // accounts deleted while this plugin was switched off are forgotten before it serves anyone
        deletions.catchUp(ArchiveStore.MODULE, this::forget);
    }

    ArchiveEngine(ArchiveStore store, Supplier<SessionManager> sessions, AccountService accounts,
            DomainBareJid domain, Settings settings, Clock clock) {
        this.store = store;
        this.sessionManager = sessions;
        this.accounts = accounts;
        this.domain = domain;
        this.settings = settings;
        this.ids = new Ids(clock, store.largestId());
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    @Modified
    void modified(ArchiveConfig config) {
        settings = Settings.of(config);
        LOG.info("archive: {}", settings);
    }

    @Deactivate
    void stop() {
        store.close();
    }

    Settings settings() {
        return settings;
    }

    ArchiveStore store() {
        return store;
    }

    DomainBareJid domain() {
        return domain;
    }

    private SessionManager sessions() {
        SessionManager s = sessions;
        if (s == null) {
            s = Objects.requireNonNull(sessionManager.get(), "the core's session manager");
            sessions = s;
        }
        return s;
    }

    private Object lock(EntityBareJid account) {
        return locks[Math.floorMod(account.hashCode(), locks.length)];
    }

    // ================================================================ messages from clients

    private enum Reach { ONLINE, COLLECTING, OFFLINE }

    /** A message a client sent, after the server stamped its {@code from}, before routing. */
    /**
     * A message a client sends: stored before it is routed. Where it is archived for an addressee who
     * is online, the verdict waits for the durable write without holding the worker; what is kept
     * offline is decided and stored under the addressee's lock, so a login cannot slip in between.
     */
    CompletionStage<Verdict> outbound(Stanza message, Session sender) {
        Optional<EntityFullJid> jid = sender.jid();
        if (jid.isEmpty() || "error".equals(message.type())) {
            return now(Verdict.pass(message));
        }
        EntityBareJid self = jid.get().asEntityBareJid();
        Stanza m = withoutForeignStanzaIds(message);
        Jid to = m.to() == null ? self : m.to();
        String type = m.type() == null ? "normal" : m.type();
        boolean displayed = m.element().child("displayed", MARKERS_NS).isPresent();
        if (!to.hasLocalpart() || !isLocalOrSubdomain(to)) {
            return now(Verdict.pass(m));
        }
        EntityBareJid peer = to.asEntityBareJidIfPossible();
        if (displayed) {
            markRead(self, peer.toString(), sender.id());
        }
        if (!to.getDomain().equals(domain) || !type.equals("chat") && !type.equals("normal")
                || !accounts.exists(peer.getLocalpart().toString())) {
            return now(Verdict.pass(m)); // groups, headlines, and unknown accounts (which the core answers)
        }
        Settings s = settings;
        boolean archive = s.enabled() && m.body().filter(b -> !b.isBlank()).isPresent() && !hint(m, "no-permanent-store")
                && !hint(m, "no-store") && !(keepsNothing(self.toString()) && keepsNothing(peer.toString()));
        synchronized (lock(peer)) {
            List<Session> collecting = new ArrayList<>();
            Reach reach = reach(to, peer, collecting);
            boolean keep = reach == Reach.OFFLINE && keepsOffline(m);
            if (keep && store.offlineCount(peer.toString()) >= s.offlineMax()) {
                return now(Verdict.reject(new Text(peer + " cannot receive more messages until they log in again.",
                        peer + " 的离线消息已满，对方重新登录前无法再接收消息。").error(Condition.RESOURCE_CONSTRAINT)));
            }
            if (!archive && !keep) {
                if (reach == Reach.OFFLINE && !keepsOffline(m) && !hint(m, "no-store")) {
                    return now(Verdict.drop()); // chat states for nobody: nothing to tell the sender
                }
                return now(deliver(m, reach, collecting));
            }
            long id = ids.next();
            Stanza out = archive ? m.withElement(m.element().withChild(stanzaId(id, peer))) : m;
            Stanza routed = out.to() == null ? out.withTo(self) : out;
            ArchiveStore.BatchWork<Void> write = (c, inbox) -> {
                if (archive) {
                    String body = m.body().orElse("");
                    ArchiveStore.archive(c, new ArchiveStore.Entry(id, ArchiveStore.pair(self.toString(), peer.toString()),
                            ArchiveStore.CHAT, self.toString(), null, peer.toString(), body,
                            m.withTo(to).element().toXml()));
                    inbox.message(self.toString(), peer.toString(), ArchiveStore.CHAT, id, false);
                    if (!self.equals(peer)) {
                        inbox.message(peer.toString(), self.toString(), ArchiveStore.CHAT, id, true);
                    }
                }
                if (keep) {
                    ArchiveStore.offlineStore(c, id, peer.toString(), self.toString(), routed.element().toXml());
                }
                return null;
            };
            if (!keep) {
                return store.batchedLater(write).handle((done, failure) -> failure == null
                        ? deliver(out, reach, collecting) : notStored(self, peer, failure));
            }
            try {
                store.batched(write);
            } catch (ArchiveStore.StorageException e) {
                return now(notStored(self, peer, e));
            }
            return now(Verdict.drop());
        }
    }

    private static CompletionStage<Verdict> now(Verdict verdict) {
        return CompletableFuture.completedFuture(verdict);
    }

    private static Verdict notStored(EntityBareJid self, EntityBareJid peer, Throwable failure) {
        Throwable cause = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        LOG.error("message from {} to {} not stored: {}", self, peer, cause.getMessage(), cause);
        return Verdict.reject(NOT_STORED.error(Condition.INTERNAL_SERVER_ERROR));
    }

    /**
     * A group message, stored before the group sends it: the history row (conversation = the group)
     * and, for each member, the inbox row of the group, unread for all but the author. Rows are
     * touched in one order so concurrent messages cannot deadlock.
     *
     * @param sender the author's bare JID, or null for the group's own notices
     */
    long storeGroup(String room, String sender, String nick, Element message, Collection<String> members) {
        long id = ids.next();
        String body = message.child("body", Namespaces.CLIENT).map(Element::text).orElse("");
        store.batched((c, inbox) -> {
            ArchiveStore.archive(c, new ArchiveStore.Entry(id, room, ArchiveStore.GROUP, sender == null ? room : sender,
                    nick, room, body, message.toXml()));
            for (String member : members) {
                inbox.message(member, room, ArchiveStore.GROUP, id, !member.equals(sender));
            }
            return null;
        });
        return id;
    }

    /** Hands over to the core, or itself to sessions the core does not count as available yet. */
    private static Verdict deliver(Stanza m, Reach reach, List<Session> collecting) {
        if (reach != Reach.COLLECTING) {
            return Verdict.pass(m);
        }
        for (Session s : collecting) {
            s.send(m.withTo(s.jid().orElseThrow()));
        }
        return Verdict.drop();
    }

    private Reach reach(Jid to, EntityBareJid peer, List<Session> collecting) {
        Collection<Session> all = sessions().sessions(peer);
        for (Session s : all) {
            if (to.hasResource() && s.jid().map(to::equals).orElse(false)) {
                return Reach.ONLINE; // the core hands it to that resource, available or not
            }
            if (s.presence().map(p -> priority(p) >= 0).orElse(false)) {
                return Reach.ONLINE;
            }
            if (available.containsKey(s.id())) {
                collecting.add(s);
            }
        }
        return collecting.isEmpty() ? Reach.OFFLINE : Reach.COLLECTING;
    }

    /** XEP-0160 keeps chat and normal messages with content, not bare chat states. */
    private static boolean keepsOffline(Stanza m) {
        if (hint(m, "no-store")) {
            return false;
        }
        for (Element e : m.element().elements()) {
            String ns = e.namespace();
            if (!ns.equals(CHAT_STATES_NS) && !ns.equals(HINTS_NS) && !ns.equals(SID_NS)
                    && !e.is("thread", Namespaces.CLIENT) && !e.is("error", Namespaces.CLIENT)) {
                return true;
            }
        }
        return false;
    }

    private static boolean hint(Stanza m, String name) {
        return m.element().child(name, HINTS_NS).isPresent();
    }

    private boolean isLocalOrSubdomain(Jid jid) {
        String d = jid.getDomain().toString();
        return d.equals(domain.toString()) || d.endsWith("." + domain);
    }

    /**
     * XEP-0359 §3: a stanza-id claiming to be from this server, sent by a client, is a forgery. All
     * stanza-ids whose {@code by} is on this server are removed.
     */
    private Stanza withoutForeignStanzaIds(Stanza m) {
        List<Node> kept = new ArrayList<>();
        boolean changed = false;
        for (Node n : m.element().children()) {
            if (n instanceof Element e && e.is("stanza-id", SID_NS)) {
                String by = e.attribute("by");
                if (by == null || by.equals(domain.toString()) || by.endsWith("@" + domain) || by.endsWith("." + domain)
                        || by.contains("@") && by.substring(by.indexOf('@') + 1).endsWith("." + domain)) {
                    changed = true;
                    continue;
                }
            }
            kept.add(n);
        }
        return changed ? m.withElement(m.element().withChildren(kept)) : m;
    }

    static Element stanzaId(long id, Jid by) {
        return Element.builder("stanza-id", SID_NS).attribute("id", Ids.format(id)).attribute("by", by.toString()).build();
    }

    // ================================================================ presence: offline delivery

    /** A presence a client sent, before the core records it: an available one collects waiting messages. */
    Verdict presence(Stanza presence, Session sender) {
        if (presence.to() != null || sender.jid().isEmpty()) {
            return Verdict.pass(presence);
        }
        EntityFullJid full = sender.jid().get();
        String type = presence.type();
        if ("unavailable".equals(type)) {
            available.remove(sender.id());
        } else if (type == null) {
            if (priority(presence) < 0) {
                available.remove(sender.id()); // XEP-0160: nothing for a negative priority
            } else if (!available.containsKey(sender.id())) {
                EntityBareJid self = full.asEntityBareJid();
                synchronized (lock(self)) {
                    try {
                        deliverOffline(self, sender);
                    } catch (ArchiveStore.StorageException e) {
                        LOG.error("offline messages of {} not delivered: {}", self, e.getMessage(), e);
                    }
                    available.put(sender.id(), full);
                }
            }
        }
        return Verdict.pass(presence);
    }

    /**
     * Hands the waiting messages to the session. A row is deleted only once its message was written to
     * the connection; what was not (the session ended meanwhile) waits for the next login. Written but
     * never read (a dead connection) comes back through {@link #undelivered}.
     */
    private void deliverOffline(EntityBareJid self, Session session) {
        List<ArchiveStore.Offline> waiting = store.offline(self.toString());
        if (waiting.isEmpty()) {
            return;
        }
        List<Long> unreadable = new ArrayList<>();
        List<OfflineHandOver.Waiting> messages = new ArrayList<>(waiting.size());
        for (ArchiveStore.Offline o : waiting) {
            try {
                messages.add(new OfflineHandOver.Waiting(o.id(),
                        Stanza.of(withoutOurDelay(StanzaText.read(o.stanza())).withChild(delay(o.id())))));
            } catch (IllegalArgumentException | StanzaException e) {
                LOG.error("offline message {} of {} is unreadable and dropped: {}", o.id(), self, e.getMessage());
                unreadable.add(o.id());
            }
        }
        store.offlineDelete(self.toString(), unreadable);
        String owner = self.toString();
        OfflineHandOver.start(session, messages, written -> {
            store.offlineDeleteLater(owner, written).whenComplete((done, e) -> {
                if (e != null) {
                    LOG.error("delivered offline messages of {} not removed (they come again): {}", owner, e.toString());
                }
            });
            if (written.size() < messages.size()) {
                LOG.info("{} of {} offline messages for {} were not written before its session ended; they wait",
                        messages.size() - written.size(), messages.size(), owner);
            }
        });
    }

    private Element delay(long id) {
        return Element.builder("delay", DELAY_NS).attribute("from", domain.toString())
                .attribute("stamp", stamp(Ids.instant(id))).build();
    }

    /** A message kept again after a first hand-over has that one's delay: it gets one new delay, not two. */
    private Element withoutOurDelay(Element message) {
        List<Node> kept = new ArrayList<>();
        boolean changed = false;
        for (Node n : message.children()) {
            if (n instanceof Element e && e.is("delay", DELAY_NS) && domain.toString().equals(e.attribute("from"))) {
                changed = true;
                continue;
            }
            kept.add(n);
        }
        return changed ? message.withChildren(kept) : message;
    }

    /**
     * Messages written to a session of {@code session}'s account that died before the client confirmed
     * reading them: handed to the account's sessions still available, else kept offline under their
     * archive id (a copy still waiting is not stored twice). Duplicates rather than loss. Nothing is
     * kept for an account that no longer exists.
     */
    void undelivered(EntityFullJid session, List<Stanza> messages) {
        EntityBareJid self = session.asEntityBareJid();
        synchronized (lock(self)) {
            if (!accounts.exists(self.getLocalpart().toString())) {
                // the session ended because its account was removed: a later account of the same
                // name must not inherit what was written to this one
                LOG.info("{} unconfirmed messages to the removed account {} dropped", messages.size(), self);
                return;
            }
            List<Session> online = new ArrayList<>();
            for (Session s : sessions().sessions(self)) {
                if (s.jid().isPresent() && (available.containsKey(s.id())
                        || s.presence().map(p -> priority(p) >= 0).orElse(false))) {
                    online.add(s);
                }
            }
            if (!online.isEmpty()) {
                for (Stanza m : messages) {
                    for (Session s : online) {
                        s.send(m.withTo(s.jid().get()));
                    }
                }
                return;
            }
            store.batched((c, inbox) -> {
                for (Stanza m : messages) {
                    Stanza kept = m.withElement(withoutOurDelay(m.element())).withTo(self);
                    long id = archiveId(m, self).orElseGet(ids::next);
                    String from = m.from() == null ? null : m.from().asBareJid().toString();
                    ArchiveStore.offlineStoreIfAbsent(c, id, self.toString(), from, kept.element().toXml());
                }
                return null;
            });
        }
    }

    /** The id this archive gave the message (its XEP-0359 stanza-id by the recipient), if any. */
    private static Optional<Long> archiveId(Stanza m, EntityBareJid recipient) {
        for (Element e : m.element().elements()) {
            if (e.is("stanza-id", SID_NS) && recipient.toString().equals(e.attribute("by"))) {
                long id = Ids.parse(e.attribute("id"));
                return id >= 0 ? Optional.of(id) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    void sessionClosed(Session session) {
        available.remove(session.id());
    }

    static int priority(Stanza presence) {
        try {
            return presence.element().child("priority", Namespaces.CLIENT).map(e -> Integer.parseInt(e.text().strip()))
                    .orElse(0);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static String stamp(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    // ================================================================ inbox

    /** The owner has read the conversation: count back to zero, and the owner's other sessions told. */
    void markRead(EntityBareJid owner, String peer, String byOwnSession) {
        if (!store.inboxRead(owner.toString(), peer)) {
            return;
        }
        Element read = Element.builder("read", INBOX_NS).attribute("jid", peer).build();
        for (Session s : sessions().sessions(owner)) {
            if (!s.id().equals(byOwnSession) && s.jid().isPresent()) {
                s.send(Stanza.create(Stanza.Kind.MESSAGE, owner, s.jid().get(), MessageType.HEADLINE, Stanza.newId(), List.of(read)));
            }
        }
    }

    /** The owner's inbox as the {@value #INBOX_NS} answer. */
    Element inbox(EntityBareJid owner) {
        List<ArchiveStore.InboxEntry> entries = store.inbox(owner.toString());
        int total = entries.stream().mapToInt(ArchiveStore.InboxEntry::unread).sum();
        Element.Builder inbox = Element.builder("inbox", INBOX_NS).attribute("unread", Integer.toString(total));
        for (ArchiveStore.InboxEntry e : entries) {
            Element.Builder conv = Element.builder("conversation", INBOX_NS).attribute("jid", e.peer())
                    .attribute("type", ArchiveStore.GROUP.equals(e.kind()) ? "groupchat" : "chat")
                    .attribute("unread", Integer.toString(e.unread()));
            if (e.sender() != null) {
                String nick = e.senderNick() != null ? e.senderNick() : nickname(e.sender()).orElse(null);
                conv.child(Element.builder("last", INBOX_NS).attribute("id", Ids.format(e.lastId()))
                        .attribute("from", e.sender()).attribute("nick", nick)
                        .attribute("stamp", stamp(Ids.instant(e.lastId())))
                        .child(Element.builder("body", INBOX_NS).text(e.body()).build()).build());
            }
            inbox.child(conv.build());
        }
        return inbox.build();
    }

    private Optional<String> nickname(String bareJid) {
        int at = bareJid.indexOf('@');
        if (at < 0 || !bareJid.substring(at + 1).equals(domain.toString())) {
            return Optional.empty();
        }
        return accounts.find(bareJid.substring(0, at)).map(Account::nickname);
    }

    // ================================================================ history (XEP-0313)

    /** A parsed history query. */
    record Query(String with, Instant start, Instant end, int max, String after, String before, boolean backward) {
    }

    /** The result of a query: the page in ascending order and whether it reaches the end of the range. */
    record Page(List<ArchiveStore.Stored> items, boolean complete) {
    }

    Query parse(Element query) throws StanzaException {
        String with = null;
        Instant start = null;
        Instant end = null;
        Optional<Element> form = query.child("x", DATA_NS);
        if (form.isPresent()) {
            for (Element field : form.get().elements()) {
                if (!field.is("field", DATA_NS)) {
                    continue;
                }
                String var = field.attribute("var");
                String value = field.child("value", DATA_NS).map(Element::text).map(String::strip).orElse("");
                switch (var == null ? "" : var) {
                    case "FORM_TYPE" -> {
                        if (!value.equals(MAM_NS)) {
                            throw bad("The form is not a urn:xmpp:mam:2 query.", "表单类型不是 urn:xmpp:mam:2 查询。");
                        }
                    }
                    case "with" -> with = value.isEmpty() ? null : bareJid(value);
                    case "start" -> start = value.isEmpty() ? null : time(value, "start");
                    case "end" -> end = value.isEmpty() ? null : time(value, "end");
                    default -> throw bad("Unsupported history filter: " + var + ".", "不支持的历史记录筛选条件：" + var + "。");
                }
            }
        }
        Settings s = settings;
        int max = s.mamDefault();
        String after = null;
        String before = null;
        boolean backward = false;
        Optional<Element> set = query.child("set", RSM_NS);
        if (set.isPresent()) {
            Element rsm = set.get();
            if (rsm.child("index", RSM_NS).isPresent()) {
                throw new StanzaException(new Text("Paging by index is not supported; page with after and before.",
                        "不支持按序号翻页，请使用 after 和 before。").error(Condition.FEATURE_NOT_IMPLEMENTED));
            }
            Optional<String> m = rsm.child("max", RSM_NS).map(Element::text).map(String::strip);
            if (m.isPresent()) {
                try {
                    max = Integer.parseInt(m.get());
                } catch (NumberFormatException e) {
                    max = -1;
                }
                if (max < 0) {
                    throw bad("max must be a whole number of 0 or more.", "max 必须是不小于 0 的整数。");
                }
                max = Math.min(max, s.mamMax());
            }
            after = rsm.child("after", RSM_NS).map(Element::text).map(String::strip).orElse(null);
            Optional<Element> b = rsm.child("before", RSM_NS);
            if (b.isPresent()) {
                backward = true;
                String text = b.get().text().strip();
                before = text.isEmpty() ? null : text;
            }
            if (after != null && backward) {
                throw bad("Page with after or with before, not both.", "after 和 before 不能同时使用。");
            }
        }
        if (start != null && end != null && end.isBefore(start)) {
            throw bad("The end of the period is before its start.", "结束时间早于开始时间。");
        }
        return new Query(with, start, end, max, after, before, backward);
    }

    /**
     * One page of a conversation ({@code conversation} non-null: a pair or a room) or of the owner's
     * whole one-to-one archive.
     *
     * @throws StanzaException item-not-found when {@code after}/{@code before} names no message of it
     */
    Page page(String owner, String conversation, Query q) throws StanzaException {
        long low = q.start() == null ? 0 : Ids.first(q.start());
        long high = q.end() == null ? Long.MAX_VALUE : Ids.last(q.end());
        String cursor = q.after() != null ? q.after() : q.before();
        if (cursor != null) {
            long id = Ids.parse(cursor);
            boolean known = id >= 0 && (conversation != null ? store.inConversation(conversation, viewer(owner), id)
                    : store.inPersonal(owner, id));
            if (!known) {
                throw new StanzaException(new Text("No message " + cursor + " in this archive to page from.",
                        "该记录中没有可作为翻页起点的消息 " + cursor + "。").error(Condition.ITEM_NOT_FOUND));
            }
            if (q.after() != null) {
                low = Math.max(low, id + 1);
            } else {
                high = Math.min(high, id - 1);
            }
        }
        if (q.max() == 0 || low > high) {
            return new Page(List.of(), q.max() != 0 || low > high);
        }
        ArchiveStore.Range range = new ArchiveStore.Range(low, high, !q.backward(), q.max() + 1);
        List<ArchiveStore.Stored> rows = conversation != null ? store.conversation(conversation, viewer(owner), range)
                : store.personal(owner, range);
        boolean complete = rows.size() <= q.max();
        if (!complete) {
            rows = q.backward() ? rows.subList(1, rows.size()) : rows.subList(0, q.max());
        }
        int fit = fitting(rows, q.backward(), settings.mamMaxBytes());
        if (fit < rows.size()) {
            // the page is cut short; RSM first/last name what was sent, so the client pages on from there
            rows = q.backward() ? rows.subList(rows.size() - fit, rows.size()) : rows.subList(0, fit);
            complete = false;
        }
        return new Page(List.copyOf(rows), complete);
    }

    /** Rooms have no per-viewer rows; a name no account has stands for "nobody in particular". */
    private static String viewer(String owner) {
        return owner == null ? "" : owner;
    }

    /**
     * How many rows, from the start of the page (forward) or its end (backward), fit in {@code maxBytes}
     * of stored XML; at least one, so a single large message still comes, alone.
     */
    static int fitting(List<ArchiveStore.Stored> rows, boolean backward, long maxBytes) {
        long total = 0;
        int n = 0;
        for (int i = 0; i < rows.size(); i++) {
            ArchiveStore.Stored row = rows.get(backward ? rows.size() - 1 - i : i);
            total += utf8Length(row.stanza());
            if (n > 0 && total > maxBytes) {
                break;
            }
            n++;
        }
        return n;
    }

    private static long utf8Length(String s) {
        long bytes = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            bytes += ch < 0x80 ? 1 : ch < 0x800 ? 2 : Character.isSurrogate(ch) ? 2 : 3;
        }
        return bytes;
    }

    /**
     * The XEP-0313 result message for one archived message; empty (logged) when the stored text cannot
     * be read back, so one bad row never fails a whole page.
     */
    Optional<Stanza> result(ArchiveStore.Stored item, Jid archive, EntityFullJid to, String queryId) {
        Element message;
        try {
            message = StanzaText.read(item.stanza());
        } catch (IllegalArgumentException e) {
            LOG.error("archived message {} cannot be read back and is left out of {}'s history page: {}", item.id(),
                    to, e.getMessage());
            return Optional.empty();
        }
        if (message.child("stanza-id", SID_NS).isEmpty()) {
            message = message.withChild(stanzaId(item.id(), archive));
        }
        Element forwarded = Element.builder("forwarded", FORWARD_NS)
                .child(Element.builder("delay", DELAY_NS).attribute("stamp", stamp(Ids.instant(item.id()))).build())
                .child(message).build();
        Element result = Element.builder("result", MAM_NS).attribute("queryid", queryId)
                .attribute("id", Ids.format(item.id())).child(forwarded).build();
        return Optional.of(Stanza.create(Stanza.Kind.MESSAGE, archive, to, MessageType.NORMAL, Stanza.newId(), List.of(result)));
    }

    /** The XEP-0313 {@code <fin/>} of a page. */
    static Element fin(Page page) {
        Element.Builder set = Element.builder("set", RSM_NS);
        if (!page.items().isEmpty()) {
            set.child(Element.builder("first", RSM_NS).text(Ids.format(page.items().get(0).id())).build());
            set.child(Element.builder("last", RSM_NS).text(Ids.format(page.items().get(page.items().size() - 1).id())).build());
        }
        return Element.builder("fin", MAM_NS).attribute("complete", page.complete() ? "true" : null).child(set.build()).build();
    }

    /** XEP-0313 metadata: the first and last message of the owner's archive. */
    Element metadata(String owner) {
        Element.Builder meta = Element.builder("metadata", MAM_NS);
        List<ArchiveStore.Stored> first = store.personal(owner, new ArchiveStore.Range(0, Long.MAX_VALUE, true, 1));
        if (!first.isEmpty()) {
            List<ArchiveStore.Stored> last = store.personal(owner, new ArchiveStore.Range(0, Long.MAX_VALUE, false, 1));
            meta.child(mark("start", first.get(0).id()));
            meta.child(mark("end", last.get(0).id()));
        }
        return meta.build();
    }

    private static Element mark(String name, long id) {
        return Element.builder(name, MAM_NS).attribute("id", Ids.format(id)).attribute("timestamp", stamp(Ids.instant(id))).build();
    }

    private static StanzaException bad(String en, String zh) {
        return new StanzaException(new Text(en, zh).error(Condition.BAD_REQUEST));
    }

    private static String bareJid(String value) throws StanzaException {
        try {
            return JidCreate.from(value).asBareJid().toString();
        } catch (XmppStringprepException | IllegalArgumentException e) {
            throw new StanzaException(new Text("'with' is not a valid address: " + value,
                    "'with' 不是有效的地址：" + value).error(Condition.JID_MALFORMED));
        }
    }

    private static Instant time(String value, String field) throws StanzaException {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw bad("'" + field + "' is not a date and time like 2024-05-01T08:00:00Z: " + value,
                    "'" + field + "' 不是有效的日期时间（例如 2024-05-01T08:00:00Z）：" + value);
        }
    }

    // ================================================================ accounts

    /** An account was deleted: it and any other deletion this archive has not forgotten yet are forgotten. */
    void accountDeleted(String username) {
        if (deletions == null) {
            forget(username);
        } else {
            deletions.catchUp(ArchiveStore.MODULE, this::forget);
        }
    }

    private void forget(String username) {
        String bare = username + "@" + domain;
        boolean keepPeers = settings.keepPeers();
        store.forget(bare, keepPeers);
        modes.remove(bare);
        LOG.info("archive, offline messages and inbox of {} deleted{}", bare,
                keepPeers ? " (the other parties keep their copy of one-to-one messages)" : "");
    }

    /**
     * XEP-0313 preferences. One 1:1 message is one row in both parties' archives, so it is left
     * out only when both have chosen "never"; "roster" counts as "always" (friends are who one chats with).
     */
    private boolean keepsNothing(String account) {
        return defaultMode(account).equals("never");
    }

    String defaultMode(String account) {
        return modes.computeIfAbsent(account, store::defaultMode);
    }

    void defaultMode(String account, String mode) {
        store.defaultMode(account, mode);
        modes.put(account, mode);
    }

    /** A local account's bare JID. */
    EntityBareJid local(String username) {
        try {
            return JidCreate.entityBareFrom(username + "@" + domain);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
