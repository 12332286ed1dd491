package org.magpie.server.core.session;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.xml.Element;

/**
 * XEP-0199 pings from the server to one client, and their answers. An answer (a result, or an error
 * such as service-unavailable from a client without XEP-0199: either shows it read the ping) proves the
 * client has read everything written before the ping, since one connection delivers in order. A ping
 * not answered within the timeout runs {@code unanswered} (the session closes it as dead).
 *
 * <p>Each {@link #send} writes its own ping with its own id; callers that want one ping at a time
 * (such as {@link UnconfirmedMessages}) keep to that themselves. Safe from any thread.
 */
public final class ServerPing {

    static final String PING_NS = "urn:xmpp:ping";

    private final DomainBareJid domain;
    private final Consumer<String> writer;
    private final ScheduledExecutorService timer;
    private final Duration timeout;
    private final Runnable unanswered;
    private final String prefix = "ping-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36) + "-";
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private long counter;

    private record Pending(Runnable answered, ScheduledFuture<?> deadline) {
    }

    /**
     * @param writer writes the ping's XML to the client's connection
     * @param unanswered runs once a ping has waited {@code timeout} without an answer
     */
    public ServerPing(DomainBareJid domain, Consumer<String> writer, ScheduledExecutorService timer, Duration timeout,
            Runnable unanswered) {
        this.domain = domain;
        this.writer = writer;
        this.timer = timer;
        this.timeout = timeout;
        this.unanswered = unanswered;
    }

    /** Writes a ping to {@code to}; {@code answered} runs (on the session's thread) when the client answers it. */
    public void send(EntityFullJid to, Runnable answered) {
        String id;
        synchronized (this) {
            id = prefix + (++counter);
        }
        ScheduledFuture<?> deadline = timer.schedule(() -> {
            if (pending.remove(id) != null) {
                unanswered.run();
            }
        }, timeout.toMillis(), TimeUnit.MILLISECONDS);
        pending.put(id, new Pending(answered, deadline));
        writer.accept(Element.builder("iq", Namespaces.CLIENT).attribute("type", "get").attribute("id", id)
                .attribute("from", domain.toString()).attribute("to", to.toString())
                .child(Element.of("ping", PING_NS)).build().toXml(Namespaces.CLIENT));
    }

    /**
     * An IQ result or error from the client: true when it answers one of our pings (then handled here,
     * and not to be routed further).
     */
    public boolean answered(Element iq) {
        String type = iq.attribute("type");
        String id = iq.attribute("id");
        if (id == null || !id.startsWith(prefix) || !"result".equals(type) && !"error".equals(type)) {
            return false;
        }
        Pending p = pending.remove(id);
        if (p == null) {
            return true; // late, after its deadline: the session is closing anyway
        }
        p.deadline().cancel(false);
        p.answered().run();
        return true;
    }

    /** The session ended: no deadline fires any more. */
    public void stop() {
        pending.values().forEach(p -> p.deadline().cancel(false));
        pending.clear();
    }
}
