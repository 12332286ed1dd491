package org.magpie.server.core.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.apache.mina.core.session.IoSession;
import org.junit.jupiter.api.Test;

class InboundBudgetTest {

    /** An IoSession that only records suspendRead and resumeRead. */
    private static IoSession recording(List<String> calls) {
        return (IoSession) Proxy.newProxyInstance(IoSession.class.getClassLoader(), new Class<?>[] {IoSession.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    return null;
                });
    }

    @Test
    void readingStopsAboveTheBudgetAndResumesBelowHalfOfIt() {
        List<String> calls = new ArrayList<>();
        InboundBudget budget = new InboundBudget(recording(calls), 1000);
        budget.add(1000);
        assertTrue(calls.isEmpty());
        budget.add(1);
        assertEquals(List.of("suspendRead"), calls);
        assertTrue(budget.overBudget());
        budget.add(-400);
        assertEquals(List.of("suspendRead"), calls, "601 bytes held: still above half");
        budget.add(-101);
        assertEquals(List.of("suspendRead", "resumeRead"), calls);
        assertFalse(budget.overBudget());
    }

    @Test
    void theTlsSwitchAndTheBudgetDoNotUndoEachOther() {
        List<String> calls = new ArrayList<>();
        InboundBudget budget = new InboundBudget(recording(calls), 1000);
        budget.pauseForTls();
        budget.add(2000);
        budget.add(-2000); // the budget is fine again, but TLS is not in place yet
        assertEquals(List.of("suspendRead"), calls);
        budget.add(2000);
        budget.tlsInPlace(); // TLS is, but the budget is not
        assertEquals(List.of("suspendRead"), calls);
        budget.add(-2000);
        assertEquals(List.of("suspendRead", "resumeRead"), calls);
    }
}
