package org.magpie.plugin.pep.internal;

import java.sql.SQLException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.PresenceSubscriptions;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.StanzaRouter;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.storage.StorageException;
import org.magpie.server.api.text.Texts;
import org.magpie.server.api.xml.Element;
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
 * Personal eventing (XEP-0163) and private XML storage (XEP-0049) of the accounts of this server, as
 * parts: {@link PepService} (the PubSub operations), {@link Notifier} (events and last items),
 * {@link Caps} (what each session asked to be told of), {@link PrivateStorage}. This component owns
 * their life: the configuration, the store and the thread that sends last items once a client's
 * capabilities are known. The OSGi services around it (the IQ handlers, {@link PepDisco},
 * {@link PresenceWatcher}, {@link PepSessionListener}, {@link PepAccountListener}) call in here.
 */
@Component(service = PepEngine.class, configurationPid = PepEngine.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = PepConfig.class)
public final class PepEngine {

    static final String PID = "org.magpie.pep";

    private static final Logger LOG = LoggerFactory.getLogger(PepEngine.class);

    private final Texts texts = Texts.of(PepEngine.class);
    private final PepStore store;
    private final PresenceSubscriptions subscriptions;
    private final Caps caps;
    private final Notifier notifier;
    private final PepService service;
    private final PrivateStorage privateStorage;
    /** Last items wait for a client's disco#info answer, which completes on whatever thread delivered it. */
    private final ExecutorService lastItems = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "magpie-pep-last-items");
        t.setDaemon(true);
        return t;
    });
    /** The sessions that sent an available presence since they last were unavailable. */
    private final Set<String> available = ConcurrentHashMap.newKeySet();
    private volatile PepSettings settings;
    private final DomainBareJid domain;
    /** Null in unit tests, which construct the engine without the core. */
    private AccountDeletions deletions;

    @Activate
    public PepEngine(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference SessionManager sessions, @Reference StanzaRouter router,
            @Reference PresenceSubscriptions subscriptions, @Reference AccountDeletions deletions,
            @Reference ServerInfo info, PepConfig config) throws SQLException {
        this(new PepStore(dataSource, migrations), () -> sessions, () -> router, subscriptions, info.domain(),
                PepSettings.of(config));
        this.deletions = deletions;
        // accounts deleted while this plugin was switched off are forgotten before it serves anyone
        accountDeleted();
    }

    PepEngine(PepStore store, Supplier<SessionManager> sessions, Supplier<StanzaRouter> router,
            PresenceSubscriptions subscriptions, DomainBareJid domain, PepSettings settings) {
        this.store = store;
        this.domain = domain;
        this.settings = settings;
        this.subscriptions = subscriptions;
        Access access = new Access(subscriptions, texts);
        this.caps = new Caps(router, domain, () -> this.settings.capsTimeout());
        this.notifier = new Notifier(sessions, router, access, caps, store);
        this.service = new PepService(store, access, new NodeForms(texts), notifier, () -> this.settings, texts);
        this.privateStorage = new PrivateStorage(store, service, () -> this.settings, texts);
    }

    @Modified
    void modified(PepConfig config) {
        settings = PepSettings.of(config);
        LOG.info("pep: {}", settings);
    }

    @Deactivate
    void stop() {
        lastItems.shutdownNow();
    }

    Texts texts() {
        return texts;
    }

    PepService service() {
        return service;
    }

    PrivateStorage privateStorage() {
        return privateStorage;
    }

    Caps caps() {
        return caps;
    }

    /**
     * A session sent an available presence: once its features are known, and if it was not available
     * before or its caps changed, it gets the last items it asked for.
     */
    void available(String sessionId, EntityFullJid jid, Element presence) {
        boolean cameOnline = available.add(sessionId);
        Set<String> before = caps.features(sessionId);
        caps.presence(sessionId, jid, presence).thenAccept(features -> {
            if (!cameOnline && features.equals(before)) {
                return;
            }
            try {
                lastItems.execute(() -> sendLastItems(sessionId, jid));
            } catch (RejectedExecutionException e) {
                // stopping
            }
        });
    }

    /** The owner approved the contact's presence subscription: the contact gets the owner's last items. */
    void approved(EntityBareJid owner, EntityBareJid contact) {
        try {
            lastItems.execute(() -> {
                try {
                    notifier.approved(owner, contact);
                } catch (StorageException e) {
                    LOG.warn("last PEP items of {} for {} not sent: {}", owner, contact, e.getMessage());
                }
            });
        } catch (RejectedExecutionException e) {
            // stopping
        }
    }

    /** The session is unavailable (it may come back with a new available presence). */
    void unavailable(String sessionId) {
        available.remove(sessionId);
    }

    void sessionClosed(String sessionId) {
        available.remove(sessionId);
        caps.forget(sessionId);
    }

    private void sendLastItems(String sessionId, EntityFullJid jid) {
        try {
            notifier.lastItems(jid, sessionId, subscriptions.presenceSourcesOf(jid.asEntityBareJid()));
        } catch (StorageException | IllegalStateException e) {
            LOG.warn("last PEP items for {} not sent: {}", jid, e.getMessage());
        }
    }

    /** An account was deleted: it and any other deletion this plugin has not forgotten yet are forgotten. */
    void accountDeleted() {
        if (deletions != null) {
            deletions.catchUp(PepStore.MODULE, u -> forget(u + "@" + domain));
        }
    }

    void forget(String bareJid) {
        store.forget(bareJid);
        LOG.info("PEP nodes and private storage of {} deleted", bareJid);
    }
}
