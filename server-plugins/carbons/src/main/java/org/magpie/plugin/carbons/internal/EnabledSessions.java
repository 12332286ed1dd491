package org.magpie.plugin.carbons.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionListener;
import org.magpie.server.api.SessionManager;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Which sessions turned carbons on (XEP-0280 §4: the choice is per session and lasts until it is
 * turned off or the session ends). Kept by session id, forgotten when the session closes.
 */
@Component(service = {EnabledSessions.class, SessionListener.class})
public final class EnabledSessions implements SessionListener {

    private final Set<String> enabled = ConcurrentHashMap.newKeySet();
    private final SessionManager sessions;

    @Activate
    public EnabledSessions(@Reference SessionManager sessions) {
        this.sessions = sessions;
    }

    void enable(Session session) {
        enabled.add(session.id());
    }

    void disable(Session session) {
        enabled.remove(session.id());
    }

    boolean isEnabled(Session session) {
        return enabled.contains(session.id());
    }

    /** The account's bound sessions that want carbons. */
    List<Session> of(EntityBareJid account) {
        return sessions.sessions(account).stream().filter(this::isEnabled).toList();
    }

    @Override
    public void sessionClosed(Session session) {
        enabled.remove(session.id());
    }
}
