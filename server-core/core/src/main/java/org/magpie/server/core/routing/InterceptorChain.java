package org.magpie.server.core.routing;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.core.session.LocalSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a stanza through the interceptors of its kind, in phase order (see {@link Extensions}), and
 * hands what passes them all on. Verdicts that are there at once are taken on the caller's thread;
 * a late one continues on the continuations executor, and the returned stage completes when the
 * stanza is dealt with.
 */
final class InterceptorChain {

    private static final Logger LOG = LoggerFactory.getLogger(InterceptorChain.class);
    static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final long VERDICT_TIMEOUT_SECONDS = 30;

    private final Extensions extensions;
    private final Executor continuations;
    private final BiConsumer<LocalSession, Stanza> passed;

    /** @param passed where a stanza goes that every interceptor let through */
    InterceptorChain(Extensions extensions, Executor continuations, BiConsumer<LocalSession, Stanza> passed) {
        this.extensions = extensions;
        this.continuations = continuations;
        this.passed = passed;
    }

    CompletionStage<Void> run(LocalSession session, Stanza stanza) {
        return intercept(session, stanza, extensions.interceptors(stanza.kind()), 0);
    }

    /** Runs the interceptors from {@code next} on, then hands on what passed. */
    private CompletionStage<Void> intercept(LocalSession session, Stanza stanza, List<StanzaInterceptor> chain, int next) {
        Stanza current = stanza;
        for (int i = next; i < chain.size(); i++) {
            StanzaInterceptor interceptor = chain.get(i);
            CompletableFuture<Verdict> verdict;
            try {
                verdict = interceptor.interceptAsync(current, session).toCompletableFuture();
            } catch (RuntimeException e) {
                verdict = CompletableFuture.failedFuture(e);
            }
            if (!verdict.isDone()) {
                Stanza asked = current;
                int rest = i + 1;
                // a plugin that never answers must not hold the sender's later stanzas for ever
                verdict = verdict.copy().orTimeout(VERDICT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                return verdict.handleAsync((v, failure) -> v != null ? v : failed(interceptor, failure), continuations)
                        .thenCompose(v -> apply(session, asked, v)
                                .map(ok -> intercept(session, ok, chain, rest)).orElse(DONE));
            }
            Optional<Stanza> ok = apply(session, current, verdict.isCompletedExceptionally()
                    ? failed(interceptor, verdict.exceptionNow()) : verdict.resultNow());
            if (ok.isEmpty()) {
                return DONE;
            }
            current = ok.get();
        }
        passed.accept(session, current);
        return DONE;
    }

    /** A broken filter must not let its stanza through unchecked. */
    private static Verdict failed(StanzaInterceptor interceptor, Throwable failure) {
        LOG.error("interceptor {} failed", interceptor, failure);
        return Verdict.reject(StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "A server plugin failed."));
    }

    /** The stanza to go on with, or empty when the verdict ends it (a rejection is answered here). */
    private static Optional<Stanza> apply(LocalSession session, Stanza current, Verdict verdict) {
        return switch (verdict) {
            case Verdict.Pass p -> Optional.of(p.stanza());
            case Verdict.Drop d -> Optional.empty();
            case Verdict.Reject r -> {
                if (!StanzaTypes.isError(current)) {
                    session.send(current.errorReply(r.error()));
                }
                yield Optional.empty();
            }
        };
    }
}
