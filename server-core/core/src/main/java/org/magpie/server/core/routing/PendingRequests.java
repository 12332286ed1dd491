package org.magpie.server.core.routing;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.jxmpp.jid.Jid;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Stanza;

/**
 * IQ requests the server sent to clients on a plugin's behalf, waiting for their answers. An answer
 * counts only when it comes from the address that was asked, so a client cannot answer for another.
 */
final class PendingRequests {

    private record Key(String id, Jid asked) {
    }

    private final Map<Key, CompletableFuture<Stanza>> waiting = new ConcurrentHashMap<>();

    /** Registers a request about to be sent; the stage completes with its answer or times out. */
    CompletionStage<Stanza> expect(Stanza iq, Duration timeout) {
        if (iq.id() == null || iq.to() == null || !(iq.is(IqType.GET) || iq.is(IqType.SET))) {
            throw new IllegalArgumentException("a request needs an id, a to and type get or set: " + iq);
        }
        Key key = new Key(iq.id(), iq.to());
        CompletableFuture<Stanza> answer = new CompletableFuture<>();
        if (waiting.putIfAbsent(key, answer) != null) {
            throw new IllegalArgumentException("a request with this id is already waiting: " + iq.id());
        }
        // forget it however it ends, so that unanswered requests do not pile up
        answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((s, e) -> waiting.remove(key, answer));
        return answer;
    }

    /**
     * An IQ result or error a client sent to the server.
     *
     * @return whether it answered a waiting request
     */
    boolean answered(Stanza iq) {
        if (iq.id() == null || iq.from() == null) {
            return false;
        }
        CompletableFuture<Stanza> answer = waiting.remove(new Key(iq.id(), iq.from()));
        return answer != null && answer.complete(iq);
    }

    /** A request that could not be sent is not waited for. */
    void forget(Stanza iq) {
        CompletableFuture<Stanza> answer = waiting.remove(new Key(iq.id(), iq.to()));
        if (answer != null) {
            answer.cancel(false);
        }
    }
}
