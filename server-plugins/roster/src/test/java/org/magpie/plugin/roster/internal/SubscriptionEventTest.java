package org.magpie.plugin.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.text.Texts;

/**
 * The subscription state machine (RFC 6121 Appendix A) as {@link SubscriptionEvent} tabulates it:
 * every event on every state of an item ({@code none}, {@code to}, {@code from}, {@code both}, each
 * with and without a pending request of the owner's).
 */
class SubscriptionEventTest {

    /** The state after the event as "subscription[+ask]", or "-" when the item stays as it is. */
    private static String after(SubscriptionEvent event, String state) {
        String[] parts = state.split("\\+");
        RosterItem item = new RosterItem("bob@example.com", Subscription.of(parts[0]), parts.length > 1, "Bob", List.of("Friends"));
        Optional<RosterItem> next = event.apply(item);
        next.ifPresent(n -> {
            // only the subscription changes: the name and groups the owner gave stay
            assertEquals("Bob", n.name());
            assertEquals(List.of("Friends"), n.groups());
        });
        return next.map(n -> n.subscription().xmlName() + (n.askOut() ? "+ask" : "")).orElse("-");
    }

    private static void assertTable(SubscriptionEvent event, String... expected) {
        String[] states = {"none", "none+ask", "to", "from", "from+ask", "both"};
        for (int i = 0; i < states.length; i++) {
            assertEquals(expected[i], after(event, states[i]), event + " on " + states[i]);
        }
    }

    @Test
    void subscribeAsksUnlessSubscribedOrAsking() {
        assertTable(SubscriptionEvent.OUTBOUND_SUBSCRIBE, "none+ask", "-", "-", "from+ask", "-", "-");
    }

    @Test
    void approvalAddsFromAndKeepsTheOwnersRequest() {
        assertTable(SubscriptionEvent.OUTBOUND_SUBSCRIBED, "from", "from+ask", "both", "-", "-", "-");
    }

    @Test
    void approvalReceivedCountsOnlyWhenAskedFor() {
        assertTable(SubscriptionEvent.INBOUND_SUBSCRIBED, "-", "to", "-", "-", "both", "-");
    }

    @Test
    void cancellingOnesOwnSubscriptionEndsToAndTheRequest() {
        for (SubscriptionEvent e : List.of(SubscriptionEvent.OUTBOUND_UNSUBSCRIBE, SubscriptionEvent.INBOUND_UNSUBSCRIBED)) {
            assertTable(e, "-", "none", "none", "-", "from", "from");
        }
    }

    @Test
    void cancellingTheContactsSubscriptionEndsFrom() {
        for (SubscriptionEvent e : List.of(SubscriptionEvent.INBOUND_UNSUBSCRIBE, SubscriptionEvent.OUTBOUND_UNSUBSCRIBED)) {
            assertTable(e, "-", "-", "-", "none", "none+ask", "to");
        }
    }

    @Test
    void everyTextHasBothLanguages() {
        Texts texts = Texts.of(RosterContext.class);
        assertEquals("A roster set carries exactly one item.", texts.text("roster.one.item").english());
        assertEquals("名称过长：最多 1024 个字符。", texts.text("roster.name.too.long", "1024").in("zh-CN"));
        assertEquals("昵称中含有不允许使用的词语（a、b）。", texts.text("vcard.nickname.words", "a, b", "a、b").in("zh"));
        assertEquals("This nickname contains words that are not allowed (a, b).",
                texts.text("vcard.nickname.words", "a, b", "a、b").in("en"));
    }
}
