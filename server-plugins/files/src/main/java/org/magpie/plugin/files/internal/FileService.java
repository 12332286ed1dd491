package org.magpie.plugin.files.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.AccountDeletions;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.storage.Jdbc;
import org.magpie.server.api.storage.SchemaMigrations;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The file service, put together: its settings and addresses and the parts the XMPP side
 * ({@link UploadComponent}) and the HTTP side ({@link FilesServlet}) work through: the slots
 * ({@link SlotRequests}), where bytes live ({@link FileFolder}), the URLs ({@link FileUrls}), who
 * may read what ({@link FileAccess}, {@link AccessTokens}), the end of an upload
 * ({@link UploadCompletion}) and the removal of files ({@link FileCleanup}).
 */
@Component(service = FileService.class, configurationPid = FileService.PID)
@Designate(ocd = FilesConfig.class)
public final class FileService {

    static final String PID = "org.magpie.files";
    static final String SUBDOMAIN = "upload";
    /** XEP-0363 */
    static final String NS = Namespaces.HTTP_UPLOAD;
    /** Magpie's additions: the group a file is for, access tokens */
    static final String MAGPIE_NS = "urn:magpie:files:0";

    private final FileStore store;
    private final FilesConfig config;
    private final DomainBareJid domain;
    private final DomainBareJid service;
    private final Clock clock;
    private final FileFolder folder;
    private final FileUrls urls;
    private final AccessTokens tokens;
    private final FileAccess access;
    private final SlotRequests slots;
    private final UploadCompletion completion;
    private final FileCleanup cleanup;

    @Activate
    public FileService(@Reference(target = "(dataSourceName=magpie)") DataSource dataSource,
            @Reference SchemaMigrations migrations, @Reference ServerInfo info, @Reference AccountDeletions deletions,
            BundleContext context, FilesConfig config) throws SQLException, IOException {
        this(new FileStore(dataSource, migrations), dataSource, info.domain(),
                Path.of(orDefault(context.getProperty("magpie.data.dir"), "data")).resolve("files"), config,
                Clock.systemUTC(), deletions);
        cleanup.start();
    }

    /** @param deletions null in unit tests, which construct this without the core */
    FileService(FileStore store, DataSource dataSource, DomainBareJid domain, Path root, FilesConfig config, Clock clock,
            AccountDeletions deletions) throws IOException {
        this.store = store;
        this.config = config;
        this.domain = domain;
        this.service = JidCreate.domainBareFromOrThrowUnchecked(SUBDOMAIN + "." + domain);
        this.clock = clock;
        this.folder = new FileFolder(root);
        this.urls = new FileUrls(config, domain);
        this.tokens = new AccessTokens(folder.root().resolve("access.key"), clock);
        this.access = new FileAccess(store, new Jdbc(dataSource), domain, clock);
        this.slots = new SlotRequests(store, access, config, clock);
        this.completion = new UploadCompletion(store, folder, config, clock);
        this.cleanup = new FileCleanup(store, folder, config, domain, clock, deletions);
    }

    @Deactivate
    void stop() {
        cleanup.stop();
        completion.stop();
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }

    FilesConfig config() {
        return config;
    }

    DomainBareJid domain() {
        return domain;
    }

    DomainBareJid serviceDomain() {
        return service;
    }

    String baseUrl() {
        return urls.base();
    }

    Instant now() {
        return clock.instant();
    }

    FileStore store() {
        return store;
    }

    FileFolder folder() {
        return folder;
    }

    FileUrls urls() {
        return urls;
    }

    AccessTokens tokens() {
        return tokens;
    }

    FileAccess access() {
        return access;
    }

    SlotRequests slots() {
        return slots;
    }

    UploadCompletion completion() {
        return completion;
    }

    /** An account was deleted: its files go (see {@link FileCleanup#accountDeleted}). */
    void accountDeleted(String username) {
        cleanup.accountDeleted(username);
    }
}
