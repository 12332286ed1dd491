package org.magpie.plugin.archive.internal;

import org.magpie.server.api.AccountDeletions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A removed account takes its history, offline messages, inbox and preferences with it (what the other
 * parties keep is {@link ArchiveStore#forget(String, boolean)}'s to say), also when it was removed while
 * this plugin was switched off.
 */
final class ArchiveDeletions {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveDeletions.class);

    private final ArchiveContext context;
    private final ArchivePrefs prefs;
    /** Null in unit tests, which construct the archive without the core. */
    private final AccountDeletions deletions;

    ArchiveDeletions(ArchiveContext context, ArchivePrefs prefs, AccountDeletions deletions) {
        this.context = context;
        this.prefs = prefs;
        this.deletions = deletions;
    }

    /** Forgets the accounts deleted while this plugin was switched off, before it serves anyone. */
    void catchUp() {
        if (deletions != null) {
            deletions.catchUp(ArchiveStore.MODULE, this::forget);
        }
    }

    /** An account was deleted: it and any other deletion this archive has not forgotten yet are forgotten. */
    void accountDeleted(String username) {
        if (deletions == null) {
            forget(username);
        } else {
            catchUp();
        }
    }

    private void forget(String username) {
        String bare = username + "@" + context.domain;
        boolean keepPeers = context.settings().keepPeers();
        context.store.forget(bare, keepPeers);
        prefs.forget(bare);
        LOG.info("archive, offline messages and inbox of {} deleted{}", bare,
                keepPeers ? " (the other parties keep their copy of one-to-one messages)" : "");
    }
}
