package org.magpie.server.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Stanza;

class PendingRequestsTest {

    private final PendingRequests pending = new PendingRequests();

    private static Stanza iq(String from, String to, IqType type, String id) throws Exception {
        return Stanza.create(Stanza.Kind.IQ, JidCreate.from(from), JidCreate.from(to), type, id, List.of());
    }

    @Test
    void theAnswerOfTheAddressAskedCompletesTheRequest() throws Exception {
        CompletableFuture<Stanza> answer = pending.expect(iq("example.com", "bob@example.com/phone", IqType.GET, "q1"),
                Duration.ofSeconds(5)).toCompletableFuture();

        assertFalse(pending.answered(iq("eve@example.com/pc", "example.com", IqType.RESULT, "q1")), "another client cannot answer");
        assertFalse(answer.isDone());
        Stanza result = iq("bob@example.com/phone", "example.com", IqType.RESULT, "q1");
        assertTrue(pending.answered(result));
        assertEquals(result, answer.get(1, TimeUnit.SECONDS));
        assertFalse(pending.answered(result), "answered once");
    }

    @Test
    void anUnansweredRequestTimesOut() throws Exception {
        CompletableFuture<Stanza> answer = pending.expect(iq("example.com", "bob@example.com/phone", IqType.GET, "q2"),
                Duration.ofMillis(50)).toCompletableFuture();
        ExecutionException e = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, () -> answer.get(5, TimeUnit.SECONDS));
        assertTrue(e.getCause() instanceof TimeoutException);
        assertFalse(pending.answered(iq("bob@example.com/phone", "example.com", IqType.RESULT, "q2")), "forgotten after its time");
    }
}
