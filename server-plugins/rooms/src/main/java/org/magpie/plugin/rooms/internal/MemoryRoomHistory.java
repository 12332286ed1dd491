package org.magpie.plugin.rooms.internal;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jxmpp.jid.EntityBareJid;

/** The last {@code capacity} messages of each group, in memory: lost on restart until the archive comes. */
final class MemoryRoomHistory implements RoomHistory {

    private final int capacity;
    private final Map<EntityBareJid, Deque<Entry>> rooms = new ConcurrentHashMap<>();

    MemoryRoomHistory(int capacity) {
        this.capacity = capacity;
    }

    @Override
    public void record(EntityBareJid room, Entry entry) {
        if (capacity <= 0) {
            return;
        }
        Deque<Entry> q = rooms.computeIfAbsent(room, r -> new ArrayDeque<>());
        synchronized (q) {
            q.addLast(entry);
            while (q.size() > capacity) {
                q.removeFirst();
            }
        }
    }

    @Override
    public List<Entry> recent(EntityBareJid room, int max, Instant since) {
        Deque<Entry> q = rooms.get(room);
        if (q == null || max <= 0) {
            return List.of();
        }
        List<Entry> all;
        synchronized (q) {
            all = new ArrayList<>(q);
        }
        if (since != null) {
            all.removeIf(e -> e.stamp().isBefore(since));
        }
        return List.copyOf(all.subList(Math.max(0, all.size() - max), all.size()));
    }

    @Override
    public void forget(EntityBareJid room) {
        rooms.remove(room);
    }
}
