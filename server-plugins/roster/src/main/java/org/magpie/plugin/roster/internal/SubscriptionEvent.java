package org.magpie.plugin.roster.internal;

import java.util.Optional;
import java.util.function.Function;

/**
 * The subscription state machine of RFC 6121 Appendix A as one table: what each subscription
 * presence does to the roster item it concerns. "Outbound" events change the item of the user who
 * sent the presence, "inbound" ones the item of the user it is addressed to; "pending in" (a stored
 * request, RFC 6121 §3.1.3) is kept next to the item and handled by {@link Subscriptions}.
 */
enum SubscriptionEvent {

    /** The owner asks the contact (§3.1.2): pending out, unless subscribed or asking already. */
    OUTBOUND_SUBSCRIBE(SubscriptionEvent::asks),
    /** The owner approves the contact's request (§3.1.5): from is added. */
    OUTBOUND_SUBSCRIBED(SubscriptionEvent::addsFrom),
    /** The contact approved the owner's request (§3.1.6): to is added; ignored when not asked for. */
    INBOUND_SUBSCRIBED(SubscriptionEvent::addsTo),
    /** The owner cancels its subscription to the contact, or its request (§3.3.2). */
    OUTBOUND_UNSUBSCRIBE(SubscriptionEvent::endsTo),
    /** The contact cancelled its subscription to the owner (§3.3.3): from is removed. */
    INBOUND_UNSUBSCRIBE(SubscriptionEvent::endsFrom),
    /** The owner cancels the contact's subscription to it (§3.2.2): from is removed. */
    OUTBOUND_UNSUBSCRIBED(SubscriptionEvent::endsFrom),
    /** The contact refused or cancelled the owner's subscription (§3.2.3): to and the request end. */
    INBOUND_UNSUBSCRIBED(SubscriptionEvent::endsTo);

    private final Function<RosterItem, Optional<RosterItem>> transition;

    SubscriptionEvent(Function<RosterItem, Optional<RosterItem>> transition) {
        this.transition = transition;
    }

    /** The item after the event; empty when the event leaves it as it is. */
    Optional<RosterItem> apply(RosterItem item) {
        return transition.apply(item);
    }

    private static Optional<RosterItem> asks(RosterItem item) {
        return item.subscription().hasTo() || item.askOut() ? Optional.empty() : Optional.of(item.with(item.subscription(), true));
    }

    private static Optional<RosterItem> addsFrom(RosterItem item) {
        return item.subscription().hasFrom() ? Optional.empty()
                : Optional.of(item.with(item.subscription().withFrom(), item.askOut()));
    }

    private static Optional<RosterItem> addsTo(RosterItem item) {
        return item.askOut() ? Optional.of(item.with(item.subscription().withTo(), false)) : Optional.empty();
    }

    private static Optional<RosterItem> endsTo(RosterItem item) {
        return item.subscription().hasTo() || item.askOut() ? Optional.of(item.with(item.subscription().withoutTo(), false))
                : Optional.empty();
    }

    private static Optional<RosterItem> endsFrom(RosterItem item) {
        return item.subscription().hasFrom() ? Optional.of(item.with(item.subscription().withoutFrom(), item.askOut()))
                : Optional.empty();
    }
}
