package org.magpie.plugin.roster.internal;

import java.util.Optional;

/**
 * The subscription state machine of RFC 6121 Appendix A as one table: what each subscription
 * presence does to the roster item it concerns. "Outbound" events change the item of the user who
 * sent the presence, "inbound" ones the item of the user it is addressed to; "pending in" (a stored
 * request, RFC 6121 §3.1.3) is kept next to the item and handled by {@link Subscriptions}.
 */
enum SubscriptionEvent {

    /** The owner asks the contact (§3.1.2): pending out, unless subscribed or asking already. */
    OUTBOUND_SUBSCRIBE {
        @Override
        Optional<RosterItem> apply(RosterItem item) {
            return item.subscription().hasTo() || item.askOut() ? Optional.empty()
                    : Optional.of(item.with(item.subscription(), true));
        }
    },

    /** The owner approves the contact's request (§3.1.5): from is added. */
    OUTBOUND_SUBSCRIBED {
        @Override
        Optional<RosterItem> apply(RosterItem item) {
            return item.subscription().hasFrom() ? Optional.empty()
                    : Optional.of(item.with(item.subscription().withFrom(), item.askOut()));
        }
    },

    /** The contact approved the owner's request (§3.1.6): to is added; ignored when not asked for. */
    INBOUND_SUBSCRIBED {
        @Override
        Optional<RosterItem> apply(RosterItem item) {
            return item.askOut() ? Optional.of(item.with(item.subscription().withTo(), false)) : Optional.empty();
        }
    },

    /** The owner cancels its subscription to the contact, or its request (§3.3.2). */
    OUTBOUND_UNSUBSCRIBE {
        @Override
        Optional<RosterItem> apply(RosterItem item) {
            return endsTo(item);
        }
    },

    /** The contact cancelled its subscription to the owner (§3.3.3): from is removed. */
    INBOUND_UNSUBSCRIBE {
        @Override
        Optional<RosterItem> apply(RosterItem item) {
            return endsFrom(item);
        }
    },

    /** The owner cancels the contact's subscription to it (§3.2.2): from is removed. */
    OUTBOUND_UNSUBSCRIBED {
        @Override
        Optional<RosterItem> apply(RosterItem item) {
            return endsFrom(item);
        }
    },

    /** The contact refused or cancelled the owner's subscription (§3.2.3): to and the request end. */
    INBOUND_UNSUBSCRIBED {
        @Override
        Optional<RosterItem> apply(RosterItem item) {
            return endsTo(item);
        }
    };

    /** The item after the event; empty when the event leaves it as it is. */
    abstract Optional<RosterItem> apply(RosterItem item);

    private static Optional<RosterItem> endsTo(RosterItem item) {
        return item.subscription().hasTo() || item.askOut() ? Optional.of(item.with(item.subscription().withoutTo(), false))
                : Optional.empty();
    }

    private static Optional<RosterItem> endsFrom(RosterItem item) {
        return item.subscription().hasFrom() ? Optional.of(item.with(item.subscription().withoutFrom(), item.askOut()))
                : Optional.empty();
    }
}
