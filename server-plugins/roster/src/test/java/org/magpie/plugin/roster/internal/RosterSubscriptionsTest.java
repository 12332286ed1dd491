package org.magpie.plugin.roster.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.Test;
import org.magpie.server.testsupport.TestDatabase;

class RosterSubscriptionsTest {

    @Test
    void aWatcherIsSubscribedOnlyWhenTheContactApproved() throws Exception {
        TestDatabase db = TestDatabase.inMemory();
        RosterStore store = new RosterStore(db.dataSource(), db);
        store.save("alice@localhost", new RosterItem("bob@localhost", Subscription.FROM, false, null, List.of()));
        store.save("alice@localhost", new RosterItem("carol@localhost", Subscription.TO, false, null, List.of()));
        store.save("alice@localhost", new RosterItem("dave@localhost", Subscription.BOTH, false, null, List.of()));
        RosterSubscriptions subscriptions = new RosterSubscriptions(store);

        assertTrue(subscriptions.isSubscribed(jid("bob"), jid("alice")), "alice approved bob: from");
        assertTrue(subscriptions.isSubscribed(jid("dave"), jid("alice")));
        assertFalse(subscriptions.isSubscribed(jid("carol"), jid("alice")), "alice sees carol, not the other way round");
        assertFalse(subscriptions.isSubscribed(jid("alice"), jid("bob")), "bob's roster has no alice");
        assertFalse(subscriptions.isSubscribed(jid("eve"), jid("alice")));
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@localhost");
    }
}
