package org.magpie.server.core.session;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.StreamErrorCondition;

/** The bound sessions, by account and by full JID. Reads are lock-free; binds serialise per account. */
public final class SessionRegistry implements SessionManager {

    private final Map<EntityBareJid, List<LocalSession>> byAccount = new ConcurrentHashMap<>();
    private final Map<EntityFullJid, LocalSession> byJid = new ConcurrentHashMap<>();

    /**
     * Registers a session that has just bound its JID and returns the sessions it displaces: one
     * with the same full JID, and the oldest ones beyond {@code maxPerAccount}.
     */
    List<LocalSession> bind(LocalSession session, int maxPerAccount) {
        EntityFullJid jid = session.fullJid();
        EntityBareJid account = jid.asEntityBareJid();
        List<LocalSession> displaced = new ArrayList<>();
        byAccount.compute(account, (k, current) -> {
            List<LocalSession> list = current == null ? new CopyOnWriteArrayList<>() : current;
            for (LocalSession s : list) {
                if (s.fullJid().equals(jid)) {
                    displaced.add(s);
                }
            }
            list.removeAll(displaced);
            int limit = Math.max(1, maxPerAccount);
            while (list.size() >= limit) {
                displaced.add(list.remove(0));
            }
            list.add(session);
            return list;
        });
        for (LocalSession s : displaced) {
            byJid.remove(s.fullJid(), s);
        }
        byJid.put(jid, session);
        return displaced;
    }

    void unbind(LocalSession session) {
        EntityFullJid jid = session.fullJid();
        if (jid == null) {
            return;
        }
        byJid.remove(jid, session);
        byAccount.computeIfPresent(jid.asEntityBareJid(), (k, list) -> {
            list.remove(session);
            return list.isEmpty() ? null : list;
        });
    }

    public LocalSession find(EntityFullJid jid) {
        return byJid.get(jid);
    }

    /** The bound sessions of an account, oldest first; empty when offline. */
    public List<LocalSession> of(EntityBareJid account) {
        List<LocalSession> list = byAccount.get(account);
        return list == null ? List.of() : list;
    }

    @Override
    public Collection<Session> sessions(EntityBareJid account) {
        return List.copyOf(of(account));
    }

    @Override
    public Collection<Session> sessions() {
        return List.copyOf(byJid.values());
    }

    @Override
    public int terminate(EntityBareJid account, StreamErrorCondition condition, String text) {
        // a copy: closing a session may unbind it at once, shrinking the live list before it is counted
        List<LocalSession> list = List.copyOf(of(account));
        for (LocalSession s : list) {
            s.closeWithError(condition, text);
        }
        return list.size();
    }

    @Override
    public int terminateOthers(Session keep, StreamErrorCondition condition, String text) {
        if (keep.account().isEmpty()) {
            return 0;
        }
        List<LocalSession> list = List.copyOf(of(keep.account().get())).stream().filter(s -> s != keep).toList();
        for (LocalSession s : list) {
            s.closeWithError(condition, text);
        }
        return list.size();
    }

    /** Ends every session, e.g. when the server stops. */
    public void closeAll(StreamErrorCondition condition, String text) {
        for (LocalSession s : byJid.values()) {
            s.closeWithError(condition, text);
        }
    }

    public int size() {
        return byJid.size();
    }
}
