package org.magpie.server.testsupport;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaRouter;

/** Records what a plugin routes, and checks what the real router checks: a routed stanza has a from and a to. */
public final class FakeStanzaRouter implements StanzaRouter {

    private final List<Stanza> routed = new CopyOnWriteArrayList<>();
    private final Map<String, CompletableFuture<Stanza>> requests = new ConcurrentHashMap<>();

    @Override
    public void route(Stanza stanza) {
        if (stanza.from() == null || stanza.to() == null) {
            throw new IllegalArgumentException("a routed stanza needs from and to: " + stanza);
        }
        routed.add(stanza);
    }

    /** Records the request like a routed stanza; the test answers it with {@link #answer}. */
    @Override
    public CompletionStage<Stanza> request(Stanza iq, Duration timeout) {
        route(iq);
        CompletableFuture<Stanza> answer = new CompletableFuture<>();
        requests.put(iq.id(), answer);
        return answer;
    }

    /** Completes the waiting request this answers (by id), as the core does with a client's answer. */
    public void answer(Stanza answer) {
        CompletableFuture<Stanza> waiting = requests.remove(answer.id());
        if (waiting == null) {
            throw new IllegalStateException("no request waits for " + answer.id());
        }
        waiting.complete(answer);
    }

    /** What was routed, oldest first. */
    public List<Stanza> routed() {
        return List.copyOf(routed);
    }

    /** What was routed to that address ({@code bob@example.com}), oldest first. */
    public List<Stanza> routedTo(String jid) {
        return routed.stream().filter(s -> s.to().toString().equals(jid)).toList();
    }

    /** Forgets what was routed so far and returns it. */
    public List<Stanza> take() {
        List<Stanza> taken = List.copyOf(routed);
        routed.removeAll(taken);
        return taken;
    }
}
