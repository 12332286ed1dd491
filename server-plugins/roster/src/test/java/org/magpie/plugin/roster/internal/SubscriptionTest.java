package org.magpie.plugin.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The state transitions of RFC 6121 Appendix A, as far as they concern the subscription itself. */
class SubscriptionTest {

    @Test
    void approvalsAndCancellationsMoveBetweenTheFourStates() {
        assertEquals(Subscription.TO, Subscription.NONE.withTo());
        assertEquals(Subscription.BOTH, Subscription.FROM.withTo());
        assertEquals(Subscription.FROM, Subscription.NONE.withFrom());
        assertEquals(Subscription.BOTH, Subscription.TO.withFrom());
        assertEquals(Subscription.NONE, Subscription.TO.withoutTo());
        assertEquals(Subscription.FROM, Subscription.BOTH.withoutTo());
        assertEquals(Subscription.NONE, Subscription.FROM.withoutFrom());
        assertEquals(Subscription.TO, Subscription.BOTH.withoutFrom());
        assertEquals(Subscription.BOTH, Subscription.BOTH.withTo());
        assertEquals(Subscription.NONE, Subscription.NONE.withoutFrom());
    }

    @Test
    void xmlNamesRoundTrip() {
        for (Subscription s : Subscription.values()) {
            assertEquals(s, Subscription.of(s.xmlName()));
        }
        assertEquals("both", Subscription.BOTH.xmlName());
    }
}
