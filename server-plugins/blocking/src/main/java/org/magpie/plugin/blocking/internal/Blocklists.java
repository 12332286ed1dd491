package org.magpie.plugin.blocking.internal;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.IqType;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every user's blocklist (XEP-0191): read through a cache, changed in the database first, then pushed
 * to the user's sessions (§3.3, §3.6). A blocked contact stops seeing the user online (§3.3.1: an
 * unavailable presence from each available session). The lists of deleted accounts are forgotten.
 */
@Component(service = Blocklists.class, configurationPid = Blocklists.PID)
@Designate(ocd = BlockingConfig.class)
public final class Blocklists {

    static final String PID = "org.magpie.blocking";
    static final String NS = "urn:xmpp:blocking";

    private static final Logger LOG = LoggerFactory.getLogger(Blocklists.class);

    final Texts texts = Texts.of(Blocklists.class);
    private final BlocklistStore store;
    private final SessionManager sessions;
    private final StanzaRouter router;
    private final AccountDeletions deletions;
    private final ServerInfo info;
    private final int maxItems;
    /** Parsed lists by owner; a change replaces its owner's entry inside {@code compute}, so readers never see a stale one. */
    private final Map<EntityBareJid, List<Jid>> cache = new ConcurrentHashMap<>();

    @Activate
    public Blocklists(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference SessionManager sessions, @Reference StanzaRouter router,
            @Reference AccountDeletions deletions, @Reference ServerInfo info, BlockingConfig config) throws SQLException {
        this(checked(config.max_items()), new BlocklistStore(dataSource, migrations), sessions, router, deletions, info);
    }

    /** {@code deletions} may be null (unit tests without the core). */
    Blocklists(int maxItems, BlocklistStore store, SessionManager sessions, StanzaRouter router,
            AccountDeletions deletions, ServerInfo info) {
        this.store = store;
        this.sessions = sessions;
        this.router = router;
        this.deletions = deletions;
        this.info = info;
        this.maxItems = checked(maxItems);
        catchUpDeletions();
    }

    /** A bad setting is a clear error before anything else happens. */
    private static int checked(int maxItems) {
        if (maxItems < 1) {
            throw new IllegalArgumentException("blocking.max.items must be at least 1, not " + maxItems);
        }
        return maxItems;
    }

    /** The owner's blocked addresses, in stored order. */
    List<Jid> of(EntityBareJid owner) {
        return cache.computeIfAbsent(owner, o -> parse(store.list(o.toString())));
    }

    /** Whether the owner blocks this sender (XEP-0016 §2.1 matching: full JID, bare JID, domain/resource, domain). */
    boolean blocks(EntityBareJid owner, Jid contact) {
        if (contact == null) {
            return false;
        }
        for (Jid item : of(owner)) {
            if (matches(item, contact)) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(Jid item, Jid contact) {
        if (item.hasLocalpart()) {
            return item.hasResource() ? item.equals(contact) : item.equals(contact.asBareJid());
        }
        if (!item.getDomain().equals(contact.getDomain())) {
            return false;
        }
        return !item.hasResource() || !contact.hasLocalpart() && item.equals(contact);
    }

    void block(EntityBareJid owner, List<Jid> jids) throws StanzaException {
        List<Jid> added = new ArrayList<>();
        StanzaException[] refused = new StanzaException[1];
        change(owner, current -> {
            Set<Jid> next = new LinkedHashSet<>(current);
            for (Jid j : jids) {
                if (next.add(j)) {
                    added.add(j);
                }
            }
            if (next.size() > maxItems) {
                refused[0] = texts.text("blocking.limit", maxItems).exception(Condition.RESOURCE_CONSTRAINT);
                return current;
            }
            store.add(owner.toString(), strings(added));
            return List.copyOf(next);
        });
        if (refused[0] != null) {
            throw refused[0];
        }
        push(owner, Element.builder("block", NS).children(items(jids)).build());
        goOfflineFor(owner, added);
    }

    void unblock(EntityBareJid owner, List<Jid> jids) throws StanzaException {
        change(owner, current -> {
            store.remove(owner.toString(), strings(jids));
            List<Jid> next = new ArrayList<>(current);
            next.removeAll(jids);
            return List.copyOf(next);
        });
        push(owner, Element.builder("unblock", NS).children(items(jids)).build());
    }

    void unblockAll(EntityBareJid owner) throws StanzaException {
        change(owner, current -> {
            store.removeAll(owner.toString());
            return List.of();
        });
        push(owner, Element.of("unblock", NS));
    }

    static List<Element> items(List<Jid> jids) {
        return jids.stream().map(j -> Element.builder("item", NS).attribute("jid", j.toString()).build()).toList();
    }

    private interface Change {
        List<Jid> apply(List<Jid> current);
    }

    /** Changes one owner's list under its cache entry, so that changes of one owner are made one at a time. */
    private void change(EntityBareJid owner, Change change) throws StanzaException {
        try {
            cache.compute(owner, (o, cached) -> change.apply(cached != null ? cached : parse(store.list(o.toString()))));
        } catch (StorageException e) {
            LOG.error("blocklist of {} not changed", owner, e);
            throw texts.text("blocking.storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
    }

    /** §3.3, §3.6: every session of the owner learns the change (its client may show the list). */
    private void push(EntityBareJid owner, Element payload) {
        for (Session s : sessions.sessions(owner)) {
            s.jid().ifPresent(to -> s.send(Stanza.create(Stanza.Kind.IQ, owner, to, IqType.SET, Stanza.newId(), List.of(payload))));
        }
    }

    /** §3.3.1: a newly blocked contact sees each of the owner's available sessions go offline. */
    private void goOfflineFor(EntityBareJid owner, List<Jid> blocked) {
        for (Session s : sessions.sessions(owner)) {
            if (s.presence().isEmpty() || s.jid().isEmpty()) {
                continue;
            }
            for (Jid contact : blocked) {
                if (contact.hasLocalpart() && contact.getDomain().equals(info.domain())) {
                    router.route(Stanza.create(Stanza.Kind.PRESENCE, s.jid().get(), contact, PresenceType.UNAVAILABLE,
                            null, List.of()));
                }
            }
        }
    }

    /** Forgets the lists of accounts deleted since the last time (at start, and on each deletion). */
    void catchUpDeletions() {
        if (deletions == null) {
            return;
        }
        deletions.catchUp(BlocklistStore.MODULE, username -> {
            EntityBareJid owner = JidCreate.entityBareFromOrThrowUnchecked(username + "@" + info.domain());
            store.removeAll(owner.toString());
            cache.remove(owner);
        });
    }

    private static List<String> strings(List<Jid> jids) {
        return jids.stream().map(Jid::toString).toList();
    }

    private static List<Jid> parse(List<String> stored) {
        List<Jid> result = new ArrayList<>();
        for (String s : stored) {
            try {
                result.add(JidCreate.from(s));
            } catch (Exception e) {
                LOG.warn("ignoring stored blocked address {}: {}", s, e.getMessage());
            }
        }
        return List.copyOf(result);
    }
}
