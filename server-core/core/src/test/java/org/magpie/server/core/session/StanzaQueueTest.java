package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.xml.Element;

class StanzaQueueTest {

    private final List<String> handed = new ArrayList<>();
    private final List<CompletableFuture<Void>> pending = new ArrayList<>();
    private final TestConnection connection = new TestConnection();
    private boolean closed;
    private boolean late;

    private final StanzaQueue queue = new StanzaQueue(TestSession.of("alice@example.com/desk"), connection,
            new NoPipeline() {
                @Override
                public CompletionStage<Void> fromBoundSession(LocalSession session, Element element) {
                    handed.add(element.attribute("id"));
                    if (!late) {
                        return CompletableFuture.completedFuture(null);
                    }
                    CompletableFuture<Void> verdict = new CompletableFuture<>();
                    pending.add(verdict);
                    return verdict;
                }
            }, () -> closed);

    @Test
    void stanzasWithVerdictsAtOnceAreHandedOnAtOnce() {
        assertTrue(queue.offer(message("1")));
        assertTrue(queue.offer(message("2")));

        assertEquals(List.of("1", "2"), handed);
        assertEquals(0, connection.holding);
    }

    @Test
    void stanzasBehindALateVerdictWaitInOrderAndCountAsHeld() {
        late = true;
        queue.offer(message("1"));
        queue.offer(message("2"));
        queue.offer(message("3"));
        assertEquals(List.of("1"), handed);
        assertEquals(2 * Waiting.bytes(message("2")), connection.holding);

        pending.get(0).complete(null);
        assertEquals(List.of("1", "2"), handed);
        late = false;
        pending.get(1).complete(null);
        assertEquals(List.of("1", "2", "3"), handed);
        assertEquals(0, connection.holding);

        queue.offer(message("4"));
        assertEquals(List.of("1", "2", "3", "4"), handed, "nothing waits any more");
    }

    @Test
    void whatWaitsBehindAClosedStreamIsDropped() {
        late = true;
        queue.offer(message("1"));
        queue.offer(message("2"));
        closed = true;

        pending.get(0).complete(null);

        assertEquals(List.of("1"), handed);
        assertEquals(0, connection.holding);
    }

    @Test
    void aClientThatOutrunsItsVerdictsWithoutEndIsRefused() {
        late = true;
        queue.offer(message("first"));
        for (int i = 0; i < StanzaQueue.MAX_WAITING; i++) {
            assertTrue(queue.offer(message(Integer.toString(i))));
        }

        assertFalse(queue.offer(message("too many")));
    }

    private static Element message(String id) {
        return Element.builder("message", "jabber:client").attribute("id", id).textChild("body", "hi").build();
    }
}
