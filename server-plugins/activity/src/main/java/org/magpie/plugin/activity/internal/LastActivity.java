package org.magpie.plugin.activity.internal;

import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.PresenceSubscriptions;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.ServesIq;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionListener;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

/**
 * Last activity (XEP-0012). Asked of the server: how long it has been running (§5). Asked of an
 * account's bare JID (§4): 0 seconds while it has an available session, else the seconds since its
 * last session ended; only for the account itself and those subscribed to its presence, since it tells
 * as much as presence does ({@code forbidden} for the others). Remembers when sessions end.
 */
@Component(service = {IqHandler.class, DiscoProvider.class, SessionListener.class, LastActivity.class})
@ServesIq(element = "query", namespace = LastActivity.NS, types = IqType.GET, accountAddressed = true)
public final class LastActivity implements IqHandler, DiscoProvider, SessionListener {

    static final String NS = "jabber:iq:last";

    private final Texts texts = Texts.of(LastActivity.class);
    private final LastLogoutStore store;
    private final SessionManager sessions;
    private final ServerInfo info;
    private final AccountDeletions deletions;
    private final Supplier<PresenceSubscriptions> subscriptions;
    private final LongSupplier uptimeMillis;
    private final Clock clock;

    /** Who sees whose presence, while the roster plugin runs; without it only the account itself may ask. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PresenceSubscriptions rosters;

    @Activate
    public LastActivity(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference SessionManager sessions, @Reference ServerInfo info,
            @Reference AccountDeletions deletions) throws SQLException {
        this(new LastLogoutStore(dataSource, migrations), sessions, info, deletions, null,
                () -> ManagementFactory.getRuntimeMXBean().getUptime(), Clock.systemUTC());
    }

    /** {@code subscriptions} null: the optional reference; {@code deletions} may be null (unit tests). */
    LastActivity(LastLogoutStore store, SessionManager sessions, ServerInfo info, AccountDeletions deletions,
            Supplier<PresenceSubscriptions> subscriptions, LongSupplier uptimeMillis, Clock clock) {
        this.store = store;
        this.sessions = sessions;
        this.info = info;
        this.deletions = deletions;
        this.subscriptions = subscriptions != null ? subscriptions : () -> rosters;
        this.uptimeMillis = uptimeMillis;
        this.clock = clock;
        catchUpDeletions();
    }

    @Override
    public Stanza handle(Stanza iq, Session session) throws StanzaException {
        Jid to = iq.to();
        if (to == null || !to.hasLocalpart()) {
            return answer(iq, uptimeMillis.getAsLong() / 1000);
        }
        EntityBareJid account = to.asEntityBareJidOrThrow();
        EntityBareJid asker = iq.from().asEntityBareJidOrThrow();
        PresenceSubscriptions s = subscriptions.get();
        if (!account.equals(asker) && (s == null || !s.receivesPresenceOf(asker, account))) {
            throw texts.text("last.forbidden", account).exception(Condition.FORBIDDEN);
        }
        if (sessions.sessions(account).stream().anyMatch(x -> x.presence().isPresent())) {
            return answer(iq, 0);
        }
        Optional<Instant> logout;
        try {
            logout = store.lastLogout(account.toString());
        } catch (StorageException e) {
            throw texts.text("last.storage").exception(Condition.INTERNAL_SERVER_ERROR);
        }
        Instant when = logout.orElseThrow(() -> texts.text("last.never", account).exception(Condition.ITEM_NOT_FOUND));
        return answer(iq, Math.max(0, Duration.between(when, clock.instant()).toSeconds()));
    }

    private static Stanza answer(Stanza iq, long seconds) {
        return iq.resultReply(Element.builder("query", NS).attribute("seconds", Long.toString(seconds)).build());
    }

    @Override
    public void sessionClosed(Session session) {
        session.account().ifPresent(a -> store.loggedOut(a.toString(), clock.instant()));
    }

    @Override
    public Collection<String> features() {
        return List.of(NS);
    }

    /** Forgets accounts deleted since the last time (at start, and on each deletion). */
    void catchUpDeletions() {
        if (deletions != null) {
            deletions.catchUp(LastLogoutStore.MODULE, u -> store.forget(u + "@" + info.domain()));
        }
    }
}
