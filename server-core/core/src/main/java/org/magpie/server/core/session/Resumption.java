package org.magpie.server.core.session;

import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.EntityBareJid;
import org.magpie.server.api.xml.Element;

/**
 * Stream resumption (XEP-0198) of one session: its id once the client asked for resumption, and the
 * wait after its connection dropped, during which the session stays bound and online until its client
 * resumes it on a new connection or the time runs out. The waiting state is guarded by the session's
 * binding lock; the session decides when to wait and what resuming does to its stream.
 */
final class Resumption {

    private final ClientSession session;
    private final ResumableSessions resumables;
    private final StreamManagementSettings settings;
    private final ScheduledExecutorService timer;
    private volatile String id;
    private boolean waiting;
    private ScheduledFuture<?> expiry;

    Resumption(ClientSession session, ResumableSessions resumables, StreamManagementSettings settings,
            ScheduledExecutorService timer) {
        this.session = session;
        this.resumables = resumables;
        this.settings = settings;
        this.timer = timer;
    }

    /** The client asked for resumption: the id it will resume with. */
    String enable(EntityBareJid account) {
        id = resumables.register(account, session);
        return id;
    }

    /** Whether the client may resume this session. */
    boolean enabled() {
        return id != null;
    }

    /** Holding the binding lock: the connection dropped; {@code expired} runs when the time is up. */
    void startWaiting(Runnable expired) {
        waiting = true;
        expiry = timer.schedule(expired, settings.resume().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Holding the binding lock: whether the session was waiting; it no longer is. */
    boolean stopWaiting() {
        if (!waiting) {
            return false;
        }
        waiting = false;
        if (expiry != null) {
            expiry.cancel(false);
        }
        return true;
    }

    /** The session ended for good: its id is no longer good. */
    void forget() {
        resumables.forget(id, session);
    }

    /** The answer to a resumption, telling the client how many of its stanzas the server handled. */
    Element resumed(long handled) {
        return Element.builder("resumed", StreamManagement.NS).attribute("previd", id)
                .attribute("h", Long.toString(handled)).build();
    }

    /**
     * The session a {@code <resume/>} names, when the account asking is the one that enabled it and the
     * new stream is as secure as the old one.
     */
    static Optional<ClientSession> target(Element resume, ResumableSessions resumables, EntityBareJid account,
            boolean secure) {
        if (StreamManagement.count(resume.attribute("h")).isEmpty()) {
            return Optional.empty();
        }
        return resumables.find(resume.attribute("previd"), account).filter(s -> secure || !s.isSecure());
    }

    /** The h of a {@code <resume/>} that {@link #target} accepted. */
    static long handled(Element resume) {
        OptionalLong h = StreamManagement.count(resume.attribute("h"));
        return h.orElseThrow();
    }
}
