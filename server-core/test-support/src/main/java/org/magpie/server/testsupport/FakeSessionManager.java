package org.magpie.server.testsupport;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.StreamErrorCondition;

/** The bound sessions a test adds; ending them ends the {@link FakeSession}s and notes it. */
public final class FakeSessionManager implements SessionManager {

    private final List<FakeSession> sessions = new CopyOnWriteArrayList<>();
    private final EventLog log;

    public FakeSessionManager() {
        this(EventLog.NONE);
    }

    /** @param log where ended sessions are noted ({@code end sessions of alice@example.com}) */
    public FakeSessionManager(EventLog log) {
        this.log = log;
    }

    /** A bound session, online until it is ended. */
    public FakeSession add(FakeSession session) {
        sessions.add(session);
        return session;
    }

    @Override
    public Collection<Session> sessions(EntityBareJid account) {
        return sessions.stream().filter(s -> s.account().filter(account::equals).isPresent()).map(Session.class::cast).toList();
    }

    @Override
    public Collection<Session> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public int terminate(EntityBareJid account, StreamErrorCondition condition, String text) {
        log.add("end sessions of " + account);
        return end(sessions(account), condition);
    }

    @Override
    public int terminateOthers(Session keep, StreamErrorCondition condition, String text) {
        if (keep.account().isEmpty()) {
            return 0;
        }
        log.add("end other sessions of " + keep.account().get() + " (" + condition.xmlName() + ")");
        return end(sessions(keep.account().get()).stream().filter(s -> s != keep).toList(), condition);
    }

    private int end(Collection<Session> ending, StreamErrorCondition condition) {
        for (Session s : ending) {
            sessions.remove(s);
            ((FakeSession) s).end(condition);
        }
        return ending.size();
    }
}
