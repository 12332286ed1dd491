package org.magpie.plugin.roster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;

/** Who receives whose presence, read from the roster for other plugins (personal eventing). */
class RosterPresenceSubscriptionsTest {

    private static EntityBareJid jid(String s) {
        return JidCreate.entityBareFromOrThrowUnchecked(s);
    }

    @Test
    void fromAndToFollowTheOwnersRoster() throws Exception {
        RosterStore store = RosterStoreTest.memoryStore();
        // alice's roster: bob sees her presence (from), she sees carol's (to), dave both, erin none
        store.save("alice@localhost", new RosterItem("bob@localhost", Subscription.FROM, false, null, List.of()));
        store.save("alice@localhost", new RosterItem("carol@localhost", Subscription.TO, false, null, List.of()));
        store.save("alice@localhost", new RosterItem("dave@localhost", Subscription.BOTH, false, null, List.of()));
        store.save("alice@localhost", new RosterItem("erin@localhost", Subscription.NONE, true, null, List.of()));
        RosterPresenceSubscriptions subscriptions = new RosterPresenceSubscriptions(store);

        assertTrue(subscriptions.receivesPresenceOf(jid("bob@localhost"), jid("alice@localhost")));
        assertTrue(subscriptions.receivesPresenceOf(jid("dave@localhost"), jid("alice@localhost")));
        assertFalse(subscriptions.receivesPresenceOf(jid("carol@localhost"), jid("alice@localhost")));
        assertFalse(subscriptions.receivesPresenceOf(jid("erin@localhost"), jid("alice@localhost")));
        assertFalse(subscriptions.receivesPresenceOf(jid("alice@localhost"), jid("bob@localhost")), "bob's roster is empty");

        assertEquals(Set.of(jid("bob@localhost"), jid("dave@localhost")), subscriptions.presenceSubscribersOf(jid("alice@localhost")));
        assertEquals(Set.of(jid("carol@localhost"), jid("dave@localhost")), subscriptions.presenceSourcesOf(jid("alice@localhost")));
    }
}
