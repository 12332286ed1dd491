package org.magpie.plugin.rooms.internal;

import java.time.Instant;
import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.RoomArchive;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Room history from the message archive: what entering a group replays, kept across restarts. */
final class ArchivedRoomHistory implements RoomHistory {

    private static final Logger LOG = LoggerFactory.getLogger(ArchivedRoomHistory.class);

    private final RoomArchive archive;
    ArchivedRoomHistory(RoomArchive archive) {
        this.archive = archive;
    }

    /** The group's own notices: stored, counted unread for nobody. */
    @Override
    public void record(EntityBareJid room, Entry entry) {
        try {
            archive.store(room, null, null, entry.message(), List.of());
        } catch (IllegalStateException e) {
            // a notice that is not kept must not stop anyone from entering or leaving
            LOG.warn("notice of group {} not kept: {}", room, e.getMessage());
        }
    }

    @Override
    public List<Entry> recent(EntityBareJid room, int max, Instant since) {
        return archive.recent(room, max, since).stream().map(a -> new Entry(a.message(), a.stamp())).toList();
    }

    @Override
    public void forget(EntityBareJid room) {
        archive.forget(room);
    }
}
