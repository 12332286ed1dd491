package org.magpie.plugin.pep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.magpie.plugin.pep.internal.PepFixture.error;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.FakeSession;

class PepServiceTest {

    private static final String TUNE = "http://jabber.org/protocol/tune";
    private static final String PUBSUB = "http://jabber.org/protocol/pubsub";

    private final PepFixture f = new PepFixture();
    private final FakeSession alice = f.online("alice@example.com/desk", TUNE);
    private final FakeSession bob = f.online("bob@example.com/phone", TUNE);
    private final FakeSession eve = f.online("eve@example.com/pc", TUNE);

    PepServiceTest() throws Exception {
        f.subscriptions.friends("alice@example.com", "bob@example.com");
    }

    private static List<String> itemIds(Stanza result) {
        Element items = result.payload().orElseThrow().child("items", PUBSUB).orElseThrow();
        return items.elements().stream().map(i -> i.attribute("id")).toList();
    }

    @Test
    void publishCreatesTheNodeAndFriendsReadItButOthersDoNot() throws Exception {
        Stanza published = f.publish(alice, TUNE, "t1", "<tune xmlns='" + TUNE + "'><title>Song</title></tune>");
        assertTrue(published.is(IqType.RESULT), published.toString());
        assertEquals("t1", published.payload().orElseThrow().child("publish", PUBSUB).orElseThrow().elements().get(0).attribute("id"));

        Stanza read = f.pubsub(bob, "alice@example.com", IqType.GET, "<items node='" + TUNE + "'/>");
        assertEquals(List.of("t1"), itemIds(read));
        assertTrue(read.toString().contains("<title>Song</title>"), read.toString());

        assertEquals("not-authorized/presence-subscription-required",
                error(f.pubsub(eve, "alice@example.com", IqType.GET, "<items node='" + TUNE + "'/>")));
        assertEquals("item-not-found", error(f.pubsub(bob, "alice@example.com", IqType.GET, "<items node='nothing'/>")));
    }

    @Test
    void onlyTheOwnerPublishes() throws Exception {
        assertEquals("forbidden", error(f.pubsub(bob, "alice@example.com", IqType.SET,
                "<publish node='" + TUNE + "'><item><tune xmlns='" + TUNE + "'/></item></publish>")));
    }

    @Test
    void notificationsGoToAvailableFriendsWhoAskedForThem() throws Exception {
        FakeSession bobDesk = f.online("bob@example.com/desk"); // no +notify for tunes
        FakeSession aliceOther = f.online("alice@example.com/phone", TUNE);
        f.router.take();

        f.publish(alice, TUNE, "t1", "<tune xmlns='" + TUNE + "'/>");

        List<String> to = f.router.take().stream().map(s -> s.to().toString()).sorted().toList();
        assertEquals(List.of("alice@example.com/desk", "alice@example.com/phone", "bob@example.com/phone"), to);
        assertTrue(bobDesk.sent().isEmpty() && aliceOther.sent().isEmpty());
    }

    @Test
    void theEventCarriesTheItem() throws Exception {
        f.publish(alice, TUNE, "t1", "<tune xmlns='" + TUNE + "'><artist>A</artist></tune>");
        Stanza event = f.router.routedTo("bob@example.com/phone").get(0);
        assertEquals("alice@example.com", event.from().toString());
        assertEquals("headline", event.type());
        Element items = event.element().child("event", Notifier.EVENT).orElseThrow().child("items", Notifier.EVENT).orElseThrow();
        assertEquals(TUNE, items.attribute("node"));
        assertEquals("t1", items.elements().get(0).attribute("id"));
        assertTrue(event.toString().contains("<artist>A</artist>"));
    }

    @Test
    void aWhitelistNodeIsTheOwnersAlone() throws Exception {
        String node = "urn:xmpp:bookmarks:1";
        Stanza r = f.pubsub(alice, null, IqType.SET, "<publish node='" + node + "'><item id='room@rooms.example.com'>"
                + "<conference xmlns='" + node + "' name='Room'/></item></publish>"
                + "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='FORM_TYPE' type='hidden'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
                + "<field var='pubsub#persist_items'><value>true</value></field>"
                + "<field var='pubsub#access_model'><value>whitelist</value></field>"
                + "<field var='pubsub#max_items'><value>max</value></field></x></publish-options>");
        assertTrue(r.is(IqType.RESULT), r.toString());

        assertEquals("not-allowed/closed-node", error(f.pubsub(bob, "alice@example.com", IqType.GET, "<items node='" + node + "'/>")));
        assertEquals(List.of("room@rooms.example.com"), itemIds(f.pubsub(alice, null, IqType.GET, "<items node='" + node + "'/>")));
        assertTrue(f.router.routedTo("bob@example.com/phone").isEmpty(), "no notification to a friend for a private node");
    }

    @Test
    void publishOptionsThatTheNodeDoesNotHaveAreAPreconditionNotMet() throws Exception {
        f.publish(alice, TUNE, "t1", "<tune xmlns='" + TUNE + "'/>");
        Stanza r = f.pubsub(alice, null, IqType.SET, "<publish node='" + TUNE + "'><item><tune xmlns='" + TUNE + "'/></item></publish>"
                + "<publish-options><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#access_model'><value>open</value></field></x></publish-options>");
        assertEquals("conflict/precondition-not-met", error(r));
        assertEquals(List.of("t1"), itemIds(f.pubsub(alice, null, IqType.GET, "<items node='" + TUNE + "'/>")), "nothing published");
    }

    @Test
    void maxItemsKeepsTheNewestAndItemsAreReadByCountOrId() throws Exception {
        f.owner(alice, IqType.SET, "<configure node='n'/>"); // no node yet
        f.pubsub(alice, null, IqType.SET, "<create node='n'/><configure><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#max_items'><value>3</value></field></x></configure>");
        for (int i = 1; i <= 5; i++) {
            f.publish(alice, "n", "i" + i, "<x xmlns='urn:test'/>");
        }
        assertEquals(List.of("i3", "i4", "i5"), itemIds(f.pubsub(alice, null, IqType.GET, "<items node='n'/>")));
        assertEquals(List.of("i4", "i5"), itemIds(f.pubsub(alice, null, IqType.GET, "<items node='n' max_items='2'/>")));
        assertEquals(List.of("i3"), itemIds(f.pubsub(alice, null, IqType.GET, "<items node='n'><item id='i3'/><item id='i1'/></items>")));
        assertEquals("bad-request", error(f.pubsub(alice, null, IqType.GET, "<items node='n' max_items='lots'/>")));
    }

    @Test
    void retractAndDeleteAreAnnouncedAndGone() throws Exception {
        f.publish(alice, TUNE, "t1", "<tune xmlns='" + TUNE + "'/>");
        f.router.take();
        assertTrue(f.pubsub(alice, null, IqType.SET, "<retract node='" + TUNE + "' notify='true'><item id='t1'/></retract>").is(IqType.RESULT));
        assertTrue(f.router.routedTo("bob@example.com/phone").get(0).toString().contains("<retract id=\"t1\""),
                f.router.routed().toString());
        assertEquals("item-not-found", error(f.pubsub(alice, null, IqType.SET, "<retract node='" + TUNE + "'><item id='t1'/></retract>")));

        assertTrue(f.owner(alice, IqType.SET, "<delete node='" + TUNE + "'/>").is(IqType.RESULT));
        assertEquals("item-not-found", error(f.pubsub(alice, null, IqType.GET, "<items node='" + TUNE + "'/>")));
        assertEquals("forbidden", error(f.owner.handle(f.iq(bob, "alice@example.com", IqType.SET,
                "<pubsub xmlns='http://jabber.org/protocol/pubsub#owner'><delete node='x'/></pubsub>"), bob)));
    }

    @Test
    void theOwnerConfiguresTheAccessModel() throws Exception {
        f.publish(alice, TUNE, "t1", "<tune xmlns='" + TUNE + "'/>");
        Stanza form = f.owner(alice, IqType.GET, "<configure node='" + TUNE + "'/>");
        assertTrue(form.toString().contains("pubsub#access_model") && form.toString().contains("<value>presence</value>"), form.toString());

        Stanza set = f.owner(alice, IqType.SET, "<configure node='" + TUNE + "'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#access_model'><value>open</value></field></x></configure>");
        assertTrue(set.is(IqType.RESULT), set.toString());
        assertEquals(List.of("t1"), itemIds(f.pubsub(eve, "alice@example.com", IqType.GET, "<items node='" + TUNE + "'/>")));

        assertEquals("not-acceptable", error(f.owner(alice, IqType.SET, "<configure node='" + TUNE + "'><x xmlns='jabber:x:data' type='submit'>"
                + "<field var='pubsub#access_model'><value>roster</value></field></x></configure>")));
    }

    @Test
    void limitsPerAccountHold() throws Exception {
        for (int i = 1; i <= 3; i++) {
            assertTrue(f.publish(alice, "n" + i, "x", "<x xmlns='urn:test'/>").is(IqType.RESULT));
        }
        assertEquals("resource-constraint", error(f.publish(alice, "n4", "x", "<x xmlns='urn:test'/>")));
        assertEquals("not-acceptable/payload-too-big", error(f.publish(alice, "n1", "big", "<x xmlns='urn:test'>" + "a".repeat(3000) + "</x>")));
        assertEquals("bad-request/payload-required", error(f.pubsub(alice, null, IqType.SET, "<publish node='n1'><item id='e'/></publish>")));
    }

    @Test
    void subscribingIsNotOffered() throws Exception {
        assertEquals("feature-not-implemented/unsupported",
                error(f.pubsub(bob, "alice@example.com", IqType.SET, "<subscribe node='" + TUNE + "' jid='bob@example.com'/>")));
    }
}
