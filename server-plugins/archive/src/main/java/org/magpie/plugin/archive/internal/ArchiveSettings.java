package org.magpie.plugin.archive.internal;

/** The archive's settings in effect, from {@link ArchiveConfig} with out-of-range values brought in range. */
record ArchiveSettings(boolean enabled, int offlineMax, int mamMax, int mamDefault, long mamMaxBytes, boolean keepPeers) {

    static ArchiveSettings of(ArchiveConfig c) {
        int max = Math.max(1, c.mam_max_page());
        return new ArchiveSettings(c.enabled(), Math.max(0, c.offline_max_per_user()), max,
                Math.max(1, Math.min(max, c.mam_default_page())), Math.max(1, c.mam_max_page_bytes()),
                c.deletion_keeps_peer_history());
    }
}
