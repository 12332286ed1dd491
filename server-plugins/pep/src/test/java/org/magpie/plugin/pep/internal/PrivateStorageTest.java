package org.magpie.plugin.pep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.plugin.pep.internal.PepFixture.error;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaException;
import org.magpie.server.testsupport.FakeSession;

class PrivateStorageTest {

    private final PepFixture f = new PepFixture();
    private final FakeSession alice = f.online("alice@example.com/desk", "storage:bookmarks");
    private final FakeSession bob = f.online("bob@example.com/phone");

    PrivateStorageTest() throws Exception {
        f.subscriptions.friends("alice@example.com", "bob@example.com");
    }

    @Test
    void anElementIsStoredAndReadBackByItsOwnerOnly() throws Exception {
        assertTrue(f.privateXml(alice, IqType.SET, "<prefs xmlns='urn:test:prefs'><color>blue</color></prefs>").is(IqType.RESULT));
        Stanza read = f.privateXml(alice, IqType.GET, "<prefs xmlns='urn:test:prefs'/>");
        assertTrue(read.toString().contains("<color>blue</color>"), read.toString());

        Stanza empty = f.privateXml(bob, IqType.GET, "<prefs xmlns='urn:test:prefs'/>");
        assertTrue(empty.is(IqType.RESULT) && !empty.toString().contains("blue"), empty.toString());

        StanzaException e = org.junit.jupiter.api.Assertions.assertThrows(StanzaException.class, () -> f.privateStorage.handle(
                f.iq(bob, "alice@example.com", IqType.GET, "<query xmlns='jabber:iq:private'><prefs xmlns='urn:test:prefs'/></query>"), bob));
        assertEquals("forbidden", e.error().condition().xmlName());
    }

    @Test
    void badRequestsAndLimits() throws Exception {
        StanzaException reserved = org.junit.jupiter.api.Assertions.assertThrows(StanzaException.class,
                () -> f.privateXml(alice, IqType.SET, "<x xmlns='jabber:client'/>"));
        assertEquals("not-acceptable", reserved.error().condition().xmlName());
        f.privateXml(alice, IqType.SET, "<a xmlns='urn:a'/>");
        f.privateXml(alice, IqType.SET, "<b xmlns='urn:b'/>");
        f.privateXml(alice, IqType.SET, "<a xmlns='urn:a'><changed/></a>"); // replacing is no new element
        StanzaException limit = org.junit.jupiter.api.Assertions.assertThrows(StanzaException.class,
                () -> f.privateXml(alice, IqType.SET, "<c xmlns='urn:c'/>"));
        assertEquals("resource-constraint", limit.error().condition().xmlName());
    }

    @Test
    void bookmarksInPrivateStorageAreThePepNodeAndTheOtherWayRound() throws Exception {
        f.router.take();
        f.privateXml(alice, IqType.SET, "<storage xmlns='storage:bookmarks'><conference jid='team@rooms.example.com' name='Team'/></storage>");

        Stanza items = f.pubsub(alice, null, IqType.GET, "<items node='storage:bookmarks'/>");
        assertTrue(items.toString().contains("team@rooms.example.com") && items.toString().contains("id=\"current\""), items.toString());
        assertTrue(f.router.routedTo("alice@example.com/desk").get(0).toString().contains("team@rooms.example.com"), "the owner's PEP client is told");
        assertEquals("not-allowed/closed-node", error(f.pubsub(bob, "alice@example.com", IqType.GET, "<items node='storage:bookmarks'/>")));
        assertTrue(f.router.routedTo("bob@example.com/phone").isEmpty());

        f.publish(alice, "storage:bookmarks", "current", "<storage xmlns='storage:bookmarks'><conference jid='other@rooms.example.com'/></storage>");
        Stanza read = f.privateXml(alice, IqType.GET, "<storage xmlns='storage:bookmarks'/>");
        assertTrue(read.toString().contains("other@rooms.example.com") && !read.toString().contains("team@"), read.toString());
    }

    @Test
    void aRemovedAccountTakesItsNodesAndPrivateStorageWithIt() throws Exception {
        f.publish(alice, "urn:test:n", "i", "<x xmlns='urn:test'/>");
        f.privateXml(alice, IqType.SET, "<prefs xmlns='urn:test:prefs'><color>blue</color></prefs>");

        f.engine.forget("alice@example.com");

        assertEquals("item-not-found", error(f.pubsub(alice, null, IqType.GET, "<items node='urn:test:n'/>")));
        assertTrue(!f.privateXml(alice, IqType.GET, "<prefs xmlns='urn:test:prefs'/>").toString().contains("blue"));
    }
}
