package org.magpie.plugin.files.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.DomainBareJid;
import org.magpie.server.api.AccountDeletions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files going away: expired files and uploads abandoned for too long (a job on a thread of its own),
 * and everything of a removed account.
 */
final class FileCleanup {

    private static final Logger LOG = LoggerFactory.getLogger(FileCleanup.class);

    private final FileStore store;
    private final FileFolder folder;
    private final FilesConfig config;
    private final DomainBareJid domain;
    private final Clock clock;
    /** Null in unit tests, which construct this without the core. */
    private final AccountDeletions deletions;
    private final ScheduledExecutorService cleaner;

    FileCleanup(FileStore store, FileFolder folder, FilesConfig config, DomainBareJid domain, Clock clock,
            AccountDeletions deletions) {
        this.store = store;
        this.folder = folder;
        this.config = config;
        this.domain = domain;
        this.clock = clock;
        this.deletions = deletions;
        // a platform thread of its own: the clean-up does JDBC and file I/O, never on a network thread
        this.cleaner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "magpie-files-cleanup");
            t.setDaemon(true);
            return t;
        });
    }

    /** Removes the files of accounts deleted while the plugin was off, then starts the clean-up job. */
    void start() {
        // files of accounts deleted while this plugin was switched off go before it serves anyone
        deletions.catchUp(FileStore.MODULE, this::forgetAccount);
        cleaner.scheduleWithFixedDelay(this::cleanUpQuietly, 0, config.cleanup_interval_seconds(), TimeUnit.SECONDS);
    }

    void stop() {
        cleaner.shutdownNow();
    }

    /**
     * An account was deleted: its files, and those of any deletion not yet handled here, go. Everything
     * a removed account uploaded goes, bytes and rows, and so do the files forwarded to it: a new
     * account of the same name gets nothing of the old one's.
     */
    void accountDeleted(String username) {
        if (deletions == null) {
            forgetAccount(username);
        } else {
            deletions.catchUp(FileStore.MODULE, this::forgetAccount);
        }
    }

    private void forgetAccount(String username) {
        deleteFilesOf(username + "@" + domain);
    }

    void deleteFilesOf(String owner) {
        int grants = store.deleteGrantsTo(owner);
        if (grants > 0) {
            LOG.info("removed {} forwards to the deleted account {}", grants, owner);
        }
        int n = 0;
        for (FileRecord f : store.byOwner(owner)) {
            delete(f);
            n++;
        }
        if (n > 0) {
            LOG.info("removed {} files of the deleted account {}", n, owner);
        }
    }

    /** One run of the clean-up job: expired files and uploads abandoned for too long. */
    int cleanUp() {
        Instant now = clock.instant();
        int n = 0;
        for (FileRecord f : store.expired(now, now.minus(Duration.ofHours(config.incomplete_hours())))) {
            delete(f);
            n++;
        }
        if (n > 0) {
            LOG.info("clean-up removed {} expired files and abandoned uploads", n);
        }
        return n;
    }

    private void cleanUpQuietly() {
        try {
            cleanUp();
        } catch (RuntimeException e) {
            LOG.warn("file clean-up failed, next try in {} s: {}", config.cleanup_interval_seconds(), e.getMessage());
        }
    }

    private void delete(FileRecord f) {
        store.delete(f.slotId()); // the row first: from then on the file is not served
        folder.removeBytes(f.slotId());
    }
}
