package org.magpie.plugin.auth.internal;

import java.util.Collection;
import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionManager;
import org.magpie.server.api.StreamErrorCondition;

/** Records which sessions the handler ends, in the shared event list. */
final class FakeSessions implements SessionManager {

    private final List<String> events;

    FakeSessions(List<String> events) {
        this.events = events;
    }

    @Override
    public Collection<Session> sessions(EntityBareJid account) {
        return List.of();
    }

    @Override
    public Collection<Session> sessions() {
        return List.of();
    }

    @Override
    public int terminate(EntityBareJid account, StreamErrorCondition condition, String text) {
        events.add("end sessions of " + account);
        return 0;
    }

    @Override
    public int terminateOthers(Session keep, StreamErrorCondition condition, String text) {
        events.add("end other sessions of " + keep.account().orElseThrow() + " (" + condition.xmlName() + ")");
        return 1;
    }
}
