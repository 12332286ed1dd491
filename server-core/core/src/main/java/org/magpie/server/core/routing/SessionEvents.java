package org.magpie.server.core.routing;

import java.util.List;

import org.magpie.server.api.SessionListener;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.UndeliveredMessages;
import org.magpie.server.core.session.LocalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Tells the plugins that sessions bound and closed, and hands them what a dead session never confirmed. */
final class SessionEvents {

    private static final Logger LOG = LoggerFactory.getLogger(SessionEvents.class);

    private final Extensions extensions;

    SessionEvents(Extensions extensions) {
        this.extensions = extensions;
    }

    void bound(LocalSession session) {
        for (SessionListener l : extensions.sessionListeners()) {
            try {
                l.sessionBound(session);
            } catch (RuntimeException e) {
                LOG.error("session listener {} failed", l, e);
            }
        }
    }

    void closed(LocalSession session) {
        for (SessionListener l : extensions.sessionListeners()) {
            try {
                l.sessionClosed(session);
            } catch (RuntimeException e) {
                LOG.error("session listener {} failed", l, e);
            }
        }
    }

    /** To the first taker of undelivered messages (the archive's offline store), or logged as lost. */
    void undelivered(LocalSession session, List<Stanza> messages) {
        List<UndeliveredMessages> takers = extensions.undelivered();
        if (takers.isEmpty()) {
            LOG.warn("{} messages written to {} were never confirmed and its connection died; nobody keeps offline "
                    + "messages now (archive plugin stopped?), so they are lost", messages.size(), session.fullJid());
            return;
        }
        UndeliveredMessages taker = takers.get(0);
        try {
            taker.undelivered(session.fullJid(), List.copyOf(messages));
            LOG.info("{} messages written to {} were never confirmed before its connection died: kept for its next login",
                    messages.size(), session.fullJid());
        } catch (RuntimeException e) {
            LOG.error("{} unconfirmed messages of {} could not be kept: {}", messages.size(), session.fullJid(), e.toString(), e);
        }
    }
}
