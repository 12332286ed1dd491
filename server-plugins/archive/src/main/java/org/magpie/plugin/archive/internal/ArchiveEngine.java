package org.magpie.plugin.archive.internal;

import java.sql.SQLException;
import java.time.Clock;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.AccountService;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The message archive (XEP-0313), offline messages (XEP-0160) and the inbox of unread counts of the
 * accounts of this server, as parts on shared state ({@link ArchiveContext}): {@link MessageArchiver}
 * (storing what clients and groups send), {@link OfflineMessages} (keeping and handing over),
 * {@link MamQueries} (history pages), {@link Inbox} (unread counts), {@link ArchivePrefs} and
 * {@link ArchiveDeletions}. This component owns their life: the configuration, the store and its
 * group-commit writer.
 *
 * <p>The thin OSGi services around it ({@link MessageInterceptor}, {@link PresenceInterceptor}, the
 * MAM and inbox IQ handlers, {@link ArchiveSessionListener}, {@link ArchiveAccountListener},
 * {@link ArchiveUndelivered}, {@link RoomArchiveService}) call in here.
 */
@Component(service = ArchiveEngine.class, configurationPid = ArchiveEngine.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ArchiveConfig.class)
public final class ArchiveEngine {

    static final String PID = "org.magpie.archive";

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveEngine.class);

    private final ArchiveContext context;
    private final ArchivePrefs prefs;
    private final OfflineMessages offline;
    private final Inbox inbox;
    private final MessageArchiver archiver;
    private final MamQueries queries;
    private final ArchiveDeletions deletions;

    /** The core's services are plain references: the core tracks plugin services outside DS, so there is no cycle. */
    @Activate
    public ArchiveEngine(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference SessionManager sessions,
            @Reference AccountService accounts, @Reference AccountDeletions deletions, @Reference ServerInfo info,
            ArchiveConfig config) throws SQLException {
        this(new ArchiveStore(dataSource, migrations), () -> sessions, accounts, deletions, info.domain(),
                ArchiveSettings.of(config), Clock.systemUTC());
        // accounts deleted while this plugin was switched off are forgotten before it serves anyone
        this.deletions.catchUp();
    }

    ArchiveEngine(ArchiveStore store, Supplier<SessionManager> sessions, AccountService accounts,
            AccountDeletions deletions, DomainBareJid domain, ArchiveSettings settings, Clock clock) {
        this.context = new ArchiveContext(store, new Ids(clock, store.largestId()), sessions, accounts, domain, settings);
        this.prefs = new ArchivePrefs(store.db());
        this.offline = new OfflineMessages(context);
        this.inbox = new Inbox(context);
        this.archiver = new MessageArchiver(context, offline, inbox, prefs);
        this.queries = new MamQueries(context);
        this.deletions = new ArchiveDeletions(context, prefs, deletions);
    }

    @Modified
    void modified(ArchiveConfig config) {
        context.settings(ArchiveSettings.of(config));
        LOG.info("archive: {}", context.settings());
    }

    @Deactivate
    void stop() {
        context.store.close();
    }

    ArchiveContext context() {
        return context;
    }

    ArchivePrefs prefs() {
        return prefs;
    }

    OfflineMessages offline() {
        return offline;
    }

    Inbox inbox() {
        return inbox;
    }

    MessageArchiver archiver() {
        return archiver;
    }

    MamQueries queries() {
        return queries;
    }

    ArchiveDeletions deletions() {
        return deletions;
    }
}
