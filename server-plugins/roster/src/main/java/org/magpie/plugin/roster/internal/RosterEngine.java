package org.magpie.plugin.roster.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Rosters and presence (RFC 6121) for the accounts of this server, as three parts on shared state
 * ({@link RosterContext}): {@link Rosters} (the roster IQ, with {@link RosterPushes} for pushes and
 * versions), {@link Subscriptions} (the subscription state machine) and {@link PresenceBroadcast}
 * (broadcast, probes, directed presence). Everything runs on the worker thread of the session whose
 * stanza or event it handles; the in-memory state belongs to this component instance and goes with it.
 * Here, what concerns all parts: account deletions, nickname changes and ended sessions.
 *
 * <p>The thin OSGi services around it ({@link RosterIqHandler}, {@link PresenceInterceptor},
 * {@link PresenceSessionListener}, {@link VCardHandler}, {@link RosterAccountListener}) call in here.
 */
@Component(service = RosterEngine.class)
public final class RosterEngine {

    private final RosterContext context;
    private final RosterPushes pushes;
    private final PresenceBroadcast presence;
    private final Subscriptions subscriptions;
    private final Rosters rosters;
    /** Null in unit tests, which construct this without the core. */
    private AccountDeletions deletions;

    /** The core's services are plain references: the core tracks plugin services outside DS, so there is no cycle. */
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
            synchronized (context.lock) {
                forgetStored(context.local(username));
            }
        });
    }

    RosterEngine(RosterStore store, Supplier<SessionManager> sessions, Supplier<StanzaRouter> router,
            AccountService accounts, DomainBareJid domain, Clock clock) {
        this.context = new RosterContext(store, sessions, router, accounts, domain, clock);
        this.pushes = new RosterPushes(context);
        this.presence = new PresenceBroadcast(context);
        this.subscriptions = new Subscriptions(context, pushes, presence);
        this.rosters = new Rosters(context, pushes, subscriptions);
    }

    RosterContext context() {
        return context;
    }

    Rosters rosters() {
        return rosters;
    }

    Subscriptions subscriptions() {
        return subscriptions;
    }

    PresenceBroadcast presence() {
        return presence;
    }

    /** A session closed (logout, kicked, broken connection): unavailable to whoever saw it available. */
    void sessionClosed(Session session) {
        pushes.sessionClosed(session.id());
        presence.wentOffline(session.id());
    }

    /** The account's nickname changed: rosters that show it (items without a name of their own) get pushes. */
    void nicknameChanged(EntityBareJid account) {
        synchronized (context.lock) {
            for (RosterStore.Owned o : context.store.holdersOf(account.toString())) {
                if (o.item().name() == null) {
                    RosterContext.bareJid(o.owner()).ifPresent(owner -> pushes.changed(owner, o.item()));
                }
            }
        }
    }

    /** An account was deleted: it, and any deletion not yet handled here, leave every roster. */
    void accountDeleted(String username) {
        if (deletions == null) {
            accountDeleted(context.local(username));
        } else {
            deletions.catchUp(RosterStore.MODULE, u -> accountDeleted(context.local(u)));
        }
    }

    /**
     * The account was removed (its sessions have ended, so friends already saw it go offline): it
     * leaves every roster it was in, with a push as if the owner had removed it, and nothing of its
     * own roster, requests or vCard remains for a later account of the same name to inherit.
     */
    void accountDeleted(EntityBareJid account) {
        // the account's sessions are ending, but their close may be handled after the rows below are gone
        for (String sessionId : presence.availableSessions(account)) {
            pushes.sessionClosed(sessionId);
            presence.wentOffline(sessionId);
        }
        synchronized (context.lock) {
            for (RosterStore.Owned o : context.store.holdersOf(account.toString())) {
                RosterContext.bareJid(o.owner()).ifPresent(owner -> {
                    context.store.delete(o.owner(), account.toString());
                    pushes.removed(owner, account.toString());
                });
            }
            context.store.forget(account.toString());
        }
    }

    /** The stored side of a deletion, without telling anyone: every roster row of it, bumping the holders' versions. */
    private void forgetStored(EntityBareJid account) {
        for (RosterStore.Owned o : context.store.holdersOf(account.toString())) {
            context.store.delete(o.owner(), account.toString());
            context.store.bumpVersion(o.owner());
        }
        context.store.forget(account.toString());
    }
}
