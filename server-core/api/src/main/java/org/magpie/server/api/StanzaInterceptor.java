package org.magpie.server.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sees every message and presence stanza a client sends, after the server has stamped its
 * {@code from} and before it is routed. Interceptors run {@linkplain Phase phase} by phase; within a
 * phase by {@code service.ranking} (highest first), then in registration order. Each gets what the
 * previous one passed on. Register with {@link Intercepts}.
 *
 * <p>The service property {@value #KINDS} limits an interceptor to some stanza kinds
 * ({@code message}, {@code presence}); without it the interceptor sees both.
 */
@ConsumerType
public interface StanzaInterceptor {

    /** Service property (String or String[], case ignored): the stanza kinds to intercept. */
    String KINDS = "magpie.interceptor.kinds";

    /** Service property (String, a {@link Phase} name): when the interceptor runs; {@code HANDLE} if absent. */
    String PHASE = "magpie.interceptor.phase";

    /** The order of interceptors, named by what they are for. */
    enum Phase {
        /** Content policy first, so that every later phase sees only what passed it (the word filter). */
        FILTER,
        /** Features that answer or act on stanzas (a bot, presence broadcast). */
        HANDLE,
        /** Durable records last, of exactly what is passed on (the archive, offline storage). */
        RECORD
    }

    /** What to do with the stanza. Runs on a worker thread; may block briefly. */
    Verdict intercept(Stanza stanza, Session sender);

    /**
     * The same decision for an interceptor that waits on something slow, such as a durable write,
     * without holding a worker thread meanwhile. The core goes on with the sender's next stanza only
     * once the verdict is there, so each session's stanzas keep their order. The default decides at
     * once with {@link #intercept}.
     */
    default CompletionStage<Verdict> interceptAsync(Stanza stanza, Session sender) {
        return CompletableFuture.completedFuture(intercept(stanza, sender));
    }

    /** An interceptor's decision. */
    sealed interface Verdict {

        /** Continue with this stanza (the same one, or a changed copy). */
        record Pass(Stanza stanza) implements Verdict {
        }

        /** Stop; the sender gets this error (for messages and presences that may carry one). */
        record Reject(StanzaError error) implements Verdict {
        }

        /** Stop silently; the interceptor has dealt with the stanza. */
        record Drop() implements Verdict {
        }

        static Verdict pass(Stanza stanza) {
            return new Pass(stanza);
        }

        static Verdict reject(StanzaError error) {
            return new Reject(error);
        }

        static Verdict drop() {
            return new Drop();
        }
    }
}
