package org.magpie.plugin.archive.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.TreeMap;

/**
 * Inbox changes merged per conversation: a batch of a thousand messages between fifty pairs
 * updates a hundred rows once each instead of two rows per message. Written in (owner, peer)
 * order, so concurrent writers cannot deadlock.
 */
final class InboxChanges {

    private static final class Change {
        final String kind;
        int unread;
        long last;

        Change(String kind) {
            this.kind = kind;
        }
    }

    private final TreeMap<String, TreeMap<String, Change>> byOwner = new TreeMap<>();

    /** The owner's conversation with the peer got message {@code id}, unread for the owner when {@code unread}. */
    void message(String owner, String peer, String kind, long id, boolean unread) {
        add(owner, peer, kind, unread ? 1 : 0, id);
    }

    void addAll(InboxChanges other) {
        other.byOwner.forEach((owner, peers) -> peers.forEach((peer, c) -> add(owner, peer, c.kind, c.unread, c.last)));
    }

    private void add(String owner, String peer, String kind, int unread, long last) {
        Change change = byOwner.computeIfAbsent(owner, o -> new TreeMap<>()).computeIfAbsent(peer, p -> new Change(kind));
        change.unread += unread;
        change.last = Math.max(change.last, last);
    }

    void write(Connection c) throws SQLException {
        for (Map.Entry<String, TreeMap<String, Change>> owner : byOwner.entrySet()) {
            for (Map.Entry<String, Change> peer : owner.getValue().entrySet()) {
                Change change = peer.getValue();
                InboxStore.messages(c, owner.getKey(), peer.getKey(), change.kind, change.last, change.unread);
            }
        }
    }
}
