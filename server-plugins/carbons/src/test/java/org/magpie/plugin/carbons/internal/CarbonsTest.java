package org.magpie.plugin.carbons.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.IqType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Session;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.FakeSession;
import org.magpie.server.testsupport.FakeSessionManager;
import org.magpie.server.xml.StanzaText;

class CarbonsTest {

    private final FakeSessionManager sessions = new FakeSessionManager();
    private final EnabledSessions enabled = new EnabledSessions(sessions);
    private final SentCarbons sent = new SentCarbons(enabled);
    private final ReceivedCarbons received = new ReceivedCarbons(enabled);
    private FakeSession aliceDesk;
    private FakeSession alicePhone;
    private FakeSession aliceTablet;
    private FakeSession bobDesk;
    private FakeSession bobPhone;

    @BeforeEach
    void setUp() throws Exception {
        aliceDesk = sessions.add(FakeSession.bound("alice@example.com/desk"));
        alicePhone = sessions.add(FakeSession.bound("alice@example.com/phone"));
        aliceTablet = sessions.add(FakeSession.bound("alice@example.com/tablet"));
        bobDesk = sessions.add(FakeSession.bound("bob@example.com/desk"));
        bobPhone = sessions.add(FakeSession.bound("bob@example.com/phone"));
        for (FakeSession s : List.of(aliceDesk, alicePhone, bobDesk, bobPhone)) {
            toggle(new CarbonsOn(enabled), s, "enable");
        }
    }

    @Test
    void aSentMessageIsCopiedToTheSendersOtherEnabledSessionsWrappedAndFromTheBareJid() {
        Stanza chat = message("<message type='chat' from='alice@example.com/desk' to='bob@example.com' id='m1'>"
                + "<body>hi</body></message>");

        Verdict verdict = sent.intercept(chat, aliceDesk);

        assertEquals(chat, assertInstanceOf(Verdict.Pass.class, verdict).stanza(), "the message itself goes on unchanged");
        assertEquals(List.of(), aliceDesk.sent(), "not to the sender");
        assertEquals(List.of(), aliceTablet.sent(), "not to a session that did not enable carbons");
        Stanza copy = alicePhone.lastSent();
        assertEquals("alice@example.com", copy.from().toString());
        assertEquals("alice@example.com/phone", copy.to().toString());
        Element forwarded = copy.element().child("sent", Carbons.NS).orElseThrow()
                .child("forwarded", Namespaces.FORWARD).orElseThrow();
        assertEquals(chat.element(), forwarded.child("message", Namespaces.CLIENT).orElseThrow());
    }

    @Test
    void aDeliveredMessageIsCopiedToTheRecipientsOtherEnabledSessionsOnly() {
        Stanza chat = message("<message type='chat' from='alice@example.com/desk' to='bob@example.com/desk'>"
                + "<body>hi</body></message>");

        received.delivered(chat, List.of(bobDesk));

        assertEquals(List.of(), bobDesk.sent(), "the recipient has the message itself");
        Stanza copy = bobPhone.lastSent();
        assertEquals("bob@example.com", copy.from().toString());
        assertEquals("bob@example.com/phone", copy.to().toString());
        assertEquals(chat.element(), copy.element().child("received", Carbons.NS).orElseThrow()
                .child("forwarded", Namespaces.FORWARD).orElseThrow().child("message", Namespaces.CLIENT).orElseThrow());
        assertEquals(List.of(), aliceDesk.sent());
    }

    @Test
    void disablingAndClosingStopTheCopies() {
        toggle(new CarbonsOff(enabled), alicePhone, "disable");
        enabled.sessionClosed(bobPhone);

        sent.intercept(message("<message type='chat' from='alice@example.com/desk' to='bob@example.com'><body>a</body></message>"),
                aliceDesk);
        received.delivered(message("<message type='chat' from='alice@example.com/desk' to='bob@example.com'>"
                + "<body>a</body></message>"), List.of(bobDesk));

        assertEquals(List.of(), alicePhone.sent());
        assertEquals(List.of(), bobPhone.sent());
    }

    @Test
    void onlyOneToOneInstantMessagesAreEligible() {
        assertTrue(eligible("<message type='chat' from='a@x/r' to='b@x'/>"), "chat, even without a body");
        assertTrue(eligible("<message from='a@x/r' to='b@x'><body>normal with a body</body></message>"));
        assertTrue(eligible("<message from='a@x/r' to='b@x'><received xmlns='urn:xmpp:receipts' id='1'/></message>"),
                "a receipt in a normal message");
        assertFalse(eligible("<message from='a@x/r' to='b@x'><subject>no</subject></message>"), "normal, nothing IM");
        assertFalse(eligible("<message type='groupchat' from='a@x/r' to='room@rooms.x'><body>b</body></message>"));
        assertFalse(eligible("<message type='headline' from='a@x/r' to='b@x'><body>b</body></message>"));
        assertFalse(eligible("<message type='error' from='a@x/r' to='b@x'><body>b</body></message>"));
        assertFalse(eligible("<message type='chat' from='a@x/r' to='b@x'><body>b</body>"
                + "<private xmlns='urn:xmpp:carbons:2'/></message>"), "private");
        assertFalse(eligible("<message type='chat' from='a@x/r' to='b@x'><body>b</body>"
                + "<no-copy xmlns='urn:xmpp:hints'/></message>"), "no-copy");
        assertFalse(eligible("<message type='chat' from='room@rooms.x/nick' to='b@x/r'><body>pm</body></message>"),
                "what a room sends, private messages too");
        assertFalse(eligible("<message type='chat' from='a@x/r' to='a@x/s'><body>b</body></message>"),
                "between two sessions of one account");
        assertFalse(eligible("<message type='chat' from='a@x/r' to='b@x'><sent xmlns='urn:xmpp:carbons:2'/></message>"),
                "a carbon is never copied again");
    }

    @Test
    void enablingIsAdvertisedAndAnsweredWithAnEmptyResult() {
        assertEquals(List.of(Carbons.NS), List.copyOf(new CarbonsOn(enabled).features()));
        assertTrue(enabled.isEnabled(aliceDesk));
        assertFalse(enabled.isEnabled(aliceTablet));
    }

    private static void toggle(org.magpie.server.api.IqHandler handler, Session session, String element) {
        Stanza iq = message("<iq type='set' id='c' from='" + session.jid().orElseThrow() + "'><" + element
                + " xmlns='urn:xmpp:carbons:2'/></iq>");
        try {
            Stanza reply = handler.handle(iq, session);
            assertTrue(reply.is(IqType.RESULT));
            assertTrue(reply.payload().isEmpty());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static boolean eligible(String xml) {
        return Carbons.eligible(message(xml));
    }

    private static Stanza message(String xml) {
        try {
            return Stanza.of(StanzaText.read(xml));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
