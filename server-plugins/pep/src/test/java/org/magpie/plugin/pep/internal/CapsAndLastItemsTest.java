package org.magpie.plugin.pep.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.FakeSession;

class CapsAndLastItemsTest {

    private static final String MOOD = "http://jabber.org/protocol/mood";

    /** XEP-0115 §5.2's example: these features hash to QgayPKawpkPSDYmwT/WM94uAlu0=. */
    private static final String EXODUS = "<query xmlns='http://jabber.org/protocol/disco#info' node='http://code.google.com/p/exodus#QgayPKawpkPSDYmwT/WM94uAlu0='>"
            + "<identity category='client' name='Exodus 0.9.1' type='pc'/>"
            + "<feature var='http://jabber.org/protocol/caps'/><feature var='http://jabber.org/protocol/disco#info'/>"
            + "<feature var='http://jabber.org/protocol/disco#items'/><feature var='http://jabber.org/protocol/muc'/></query>";

    @Test
    void theVerificationStringIsXep0115s() {
        assertEquals(Optional.of("QgayPKawpkPSDYmwT/WM94uAlu0="), CapsHash.ver("sha-1", PepFixture.xml(EXODUS)));
        assertEquals(Optional.empty(), CapsHash.ver("md4", PepFixture.xml(EXODUS)));
    }

    private static Element presence(String node, String ver) {
        return PepFixture.xml("<presence xmlns='jabber:client'><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='"
                + node + "' ver='" + ver + "'/></presence>");
    }

    private static Stanza answer(Stanza request, String query) {
        return Stanza.create(Stanza.Kind.IQ, request.to(), request.from(), IqType.RESULT, request.id(), List.of(PepFixture.xml(query)));
    }

    /** Waits for the engine's last-items thread to route something to that address. */
    private static List<Stanza> awaitRoutedTo(PepFixture f, String to) throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            List<Stanza> routed = f.router.routedTo(to).stream().filter(Stanza::isMessage).toList();
            if (!routed.isEmpty()) {
                return routed;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("nothing routed to " + to + ": " + f.router.routed());
    }

    @Test
    void aNewClientIsAskedForItsFeaturesAndThenGetsTheLastItemsOfItsFriends() throws Exception {
        PepFixture f = new PepFixture();
        f.subscriptions.friends("alice@example.com", "bob@example.com");
        FakeSession alice = f.online("alice@example.com/desk");
        f.publish(alice, MOOD, "m1", "<mood xmlns='" + MOOD + "'><happy/></mood>");
        f.router.take();

        FakeSession bob = f.online("bob@example.com/phone");
        String ver = "bob-client-ver";
        f.engine.available(bob.id(), bob.jid().get(), presence("https://client.example", ver));
        Stanza ask = f.router.take().get(0);
        assertEquals("bob@example.com/phone", ask.to().toString());
        assertEquals("example.com", ask.from().toString());
        assertEquals("https://client.example#" + ver, ask.payload().orElseThrow().attribute("node"));

        f.router.answer(answer(ask, "<query xmlns='" + Namespaces.DISCO_INFO + "'><feature var='" + MOOD + "+notify'/></query>"));

        Stanza last = awaitRoutedTo(f, "bob@example.com/phone").get(0);
        assertEquals("alice@example.com", last.from().toString());
        assertTrue(last.toString().contains("<happy/>"), last.toString());
        assertTrue(f.engine.caps().wantsNotify(bob.id(), MOOD));
    }

    @Test
    void featuresAreSharedByVerOnlyWhenTheyHashToIt() throws Exception {
        PepFixture f = new PepFixture();
        FakeSession one = f.online("carol@example.com/a");
        f.engine.available(one.id(), one.jid().get(), presence("http://code.google.com/p/exodus", "QgayPKawpkPSDYmwT/WM94uAlu0="));
        f.router.answer(answer(f.router.take().get(0), EXODUS));

        FakeSession two = f.online("dave@example.com/b");
        f.engine.available(two.id(), two.jid().get(), presence("http://code.google.com/p/exodus", "QgayPKawpkPSDYmwT/WM94uAlu0="));
        assertTrue(f.engine.caps().features(two.id()).contains("http://jabber.org/protocol/muc"), "known without asking");

        // a lying client: its answer does not hash to the ver it claims, so the next one with that ver is asked again
        FakeSession liar = f.online("eve@example.com/c");
        f.router.take();
        f.engine.available(liar.id(), liar.jid().get(), presence("https://evil", "fake-ver"));
        f.router.answer(answer(f.router.take().get(0), "<query xmlns='" + Namespaces.DISCO_INFO + "'><feature var='x+notify'/></query>"));
        FakeSession next = f.online("frank@example.com/d");
        f.engine.available(next.id(), next.jid().get(), presence("https://evil", "fake-ver"));
        assertEquals(1, f.router.take().size(), "asked again");
        assertFalse(f.engine.caps().wantsNotify(next.id(), "x"));
    }

    @Test
    void aContactWhoseSubscriptionIsApprovedGetsTheLastItemsButNotOfAWhitelistNode() throws Exception {
        PepFixture f = new PepFixture();
        FakeSession alice = f.online("alice@example.com/desk");
        f.publish(alice, MOOD, "m1", "<mood xmlns='" + MOOD + "'><happy/></mood>");
        f.pubsub(alice, null, IqType.SET, "<publish node='a-secret'><item id='s'><x xmlns='urn:secret'/></item></publish>"
                + "<publish-options><x xmlns='jabber:x:data' type='submit'><field var='pubsub#access_model'><value>whitelist</value></field>"
                + "</x></publish-options>");
        FakeSession bob = f.online("bob@example.com/phone", MOOD, "a-secret");
        f.router.take();

        Stanza approval = Stanza.create(Stanza.Kind.PRESENCE, alice.jid().get(), PepFixture.bare("bob@example.com"), "subscribed",
                null, List.of());
        new PresenceWatcher(f.engine).intercept(approval, alice);

        // the whitelist node comes first by name: had it been sent, it would be the first message
        List<Stanza> got = awaitRoutedTo(f, "bob@example.com/phone");
        assertEquals(1, got.size(), got.toString());
        assertTrue(got.get(0).toString().contains("<happy/>"));
    }

    @Test
    void aClosedSessionIsForgotten() throws Exception {
        PepFixture f = new PepFixture();
        FakeSession s = f.online("alice@example.com/desk", MOOD);
        assertTrue(f.engine.caps().wantsNotify(s.id(), MOOD));
        f.engine.sessionClosed(s.id());
        assertFalse(f.engine.caps().wantsNotify(s.id(), MOOD));
    }
}
