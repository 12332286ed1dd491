package org.magpie.server.core.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.DiscoProvider;
import org.magpie.server.api.DomainComponent;
import org.magpie.server.api.IqHandler;
import org.magpie.server.api.IqType;
import org.magpie.server.api.MessageType;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.Session;
import org.magpie.server.api.SessionListener;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaInterceptor;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.StreamErrorCondition;
import org.magpie.server.api.xml.Element;
import org.magpie.server.core.session.SessionRegistry;
import org.magpie.server.core.session.Stanzas;
import org.magpie.server.core.session.TestSession;
import org.magpie.server.testsupport.FakeAccountService;
import org.osgi.framework.Constants;

class StanzaProcessorTest {

    private final SessionRegistry registry = new SessionRegistry();
    private final Extensions extensions = new Extensions();
    private final FakeAccountService accounts = new FakeAccountService()
            .add("alice", "pw", "Alice").add("bob", "pw", "Bob").add("carol", "pw", "Carol");
    private StanzaProcessor processor;
    private TestSession alice;

    @BeforeEach
    void setUp() throws Exception {
        processor = new StanzaProcessor(JidCreate.domainBareFrom("example.com"), registry, extensions, accounts, "9.9",
                Runnable::run);
        alice = TestSession.available("alice@example.com/desk", 0).bindTo(registry);
    }

    // ---- IQs

    @Test
    void thePingToTheServerIsAnsweredByTheServer() {
        send(alice, "<iq type='get' id='p1' to='example.com'><ping xmlns='urn:xmpp:ping'/></iq>");

        Stanza reply = alice.lastSent();
        assertTrue(reply.is(IqType.RESULT));
        assertEquals("p1", reply.id());
        assertEquals("alice@example.com/desk", reply.to().toString());
    }

    @Test
    void malformedIqsAreRefusedAndErrorsAreNeverAnswered() {
        send(alice, "<iq type='get'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertEquals(Condition.BAD_REQUEST, condition(alice.lastSent()));
        send(alice, "<iq type='fetch' id='t'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertEquals(Condition.BAD_REQUEST, condition(alice.lastSent()));
        send(alice, "<iq type='set' id='two'><a xmlns='urn:a'/><b xmlns='urn:b'/></iq>");
        assertEquals(Condition.BAD_REQUEST, condition(alice.lastSent()));
        alice.takeSent();

        send(alice, "<iq type='error'/>");
        send(alice, "<iq type='result' id='r'/>");
        assertEquals(List.of(), alice.sent());
    }

    @Test
    void iqRequestsGoToTheHandlerOfTheirElementNamespaceAndType() {
        List<Stanza> handled = new ArrayList<>();
        extensions.addIqHandler((iq, session) -> {
            handled.add(iq);
            return iq.resultReply(Element.of("query", "urn:x"));
        }, Map.of(IqHandler.NAMESPACE, "urn:x", IqHandler.ELEMENT, "query", IqHandler.TYPES, "get"));

        send(alice, "<iq type='get' id='g'><query xmlns='urn:x'/></iq>");
        assertEquals(1, handled.size());
        assertEquals("alice@example.com/desk", handled.get(0).from().toString(), "from is stamped");
        assertTrue(alice.lastSent().is(IqType.RESULT));

        send(alice, "<iq type='set' id='s'><query xmlns='urn:x'/></iq>");
        send(alice, "<iq type='get' id='o'><other xmlns='urn:x'/></iq>");
        assertEquals(1, handled.size());
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
    }

    @Test
    void aFailingHandlerIsAnsweredWithItsErrorOrAnInternalError() {
        extensions.addIqHandler((iq, session) -> {
            throw new StanzaException(Condition.FORBIDDEN, "no");
        }, Map.of(IqHandler.NAMESPACE, "urn:forbidden"));
        extensions.addIqHandler((iq, session) -> {
            throw new IllegalStateException("bug");
        }, Map.of(IqHandler.NAMESPACE, "urn:bug"));

        send(alice, "<iq type='get' id='f'><q xmlns='urn:forbidden'/></iq>");
        assertEquals(Condition.FORBIDDEN, condition(alice.lastSent()));
        send(alice, "<iq type='get' id='b'><q xmlns='urn:bug'/></iq>");
        assertEquals(Condition.INTERNAL_SERVER_ERROR, condition(alice.lastSent()));
    }

    @Test
    void anIqToAnotherAccountIsAnsweredOnlyByAHandlerThatServesAccounts() {
        List<Stanza> handled = new ArrayList<>();
        extensions.addIqHandler((iq, session) -> null, Map.of(IqHandler.NAMESPACE, "urn:own"));
        extensions.addIqHandler((iq, session) -> {
            handled.add(iq);
            return iq.resultReply(null);
        }, Map.of(IqHandler.NAMESPACE, Namespaces.VCARD, IqHandler.ACCOUNT_ADDRESSED, true));

        send(alice, "<iq type='get' id='1' to='bob@example.com'><q xmlns='urn:own'/></iq>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
        send(alice, "<iq type='get' id='2' to='nobody@example.com'><vCard xmlns='vcard-temp'/></iq>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
        assertEquals("No such account.", text(alice.lastSent()));

        send(alice, "<iq type='get' id='3' to='bob@example.com'><vCard xmlns='vcard-temp'/></iq>");
        assertEquals(1, handled.size());
        assertTrue(alice.lastSent().is(IqType.RESULT));
    }

    @Test
    void anIqToAFullJidIsDeliveredOrBouncedWhenTheResourceIsGone() {
        TestSession bob = TestSession.of("bob@example.com/pc").bindTo(registry);

        send(alice, "<iq type='get' id='v' to='bob@example.com/pc'><query xmlns='jabber:iq:version'/></iq>");
        assertEquals("alice@example.com/desk", bob.lastSent().from().toString());

        send(alice, "<iq type='get' id='w' to='bob@example.com/gone'><query xmlns='jabber:iq:version'/></iq>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
        alice.takeSent();
        send(alice, "<iq type='result' id='x' to='bob@example.com/gone'/>");
        assertEquals(List.of(), alice.sent(), "results to a gone resource vanish");
    }

    @Test
    void discoInfoOfTheServerListsTheBuiltInAndThePluginsFeaturesSorted() {
        extensions.addDiscoProvider(new DiscoProvider() {
            @Override
            public java.util.Collection<String> features() {
                return List.of("urn:b-feature", Namespaces.PING);
            }
        });

        send(alice, "<iq type='get' id='d'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        Element query = alice.lastSent().payload().orElseThrow();
        List<String> features = query.elements().stream().filter(e -> e.name().equals("feature"))
                .map(e -> e.attribute("var")).toList();
        assertEquals(List.of(Namespaces.DISCO_INFO, Namespaces.DISCO_ITEMS, "urn:b-feature", Namespaces.PING), features);
        assertEquals("Magpie 9.9", query.child("identity", Namespaces.DISCO_INFO).orElseThrow().attribute("name"));
    }

    @Test
    void anUnknownDiscoNodeIsNotFound() {
        send(alice, "<iq type='get' id='n'><query xmlns='http://jabber.org/protocol/disco#items' node='x'/></iq>");
        assertEquals(Condition.ITEM_NOT_FOUND, condition(alice.lastSent()));
    }

    @Test
    void accountDiscoShowsThePluginsIdentitiesItemsAndNodesAlsoToOtherAccounts() {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);
        extensions.addDiscoProvider(new DiscoProvider() {
            @Override
            public java.util.Collection<Identity> accountIdentities() {
                return List.of(new Identity("pubsub", "pep", null));
            }

            @Override
            public List<NodeItem> accountItems(org.jxmpp.jid.EntityBareJid account, org.jxmpp.jid.EntityFullJid requester) {
                return List.of(new NodeItem(account, "seen-by-" + requester.getLocalpart(), null));
            }

            @Override
            public Optional<NodeInfo> accountNodeInfo(org.jxmpp.jid.EntityBareJid account, String node, org.jxmpp.jid.EntityFullJid requester) {
                return node.equals("n") ? Optional.of(new NodeInfo(List.of(new Identity("pubsub", "leaf", null)), List.of())) : Optional.empty();
            }
        });

        send(bob, "<iq type='get' id='i' to='alice@example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        assertTrue(bob.lastSent().toString().contains("type=\"pep\""), bob.lastSent().toString());
        send(bob, "<iq type='get' id='t' to='alice@example.com'><query xmlns='http://jabber.org/protocol/disco#items'/></iq>");
        Element item = bob.lastSent().payload().orElseThrow().elements().get(0);
        assertEquals("alice@example.com", item.attribute("jid"));
        assertEquals("seen-by-bob", item.attribute("node"));
        send(bob, "<iq type='get' id='n' to='alice@example.com'><query xmlns='http://jabber.org/protocol/disco#info' node='n'/></iq>");
        assertTrue(bob.lastSent().toString().contains("type=\"leaf\""), bob.lastSent().toString());

        // without a to, a node that is not the server's is the account's own
        send(alice, "<iq type='get' id='own'><query xmlns='http://jabber.org/protocol/disco#info' node='n'/></iq>");
        assertTrue(alice.lastSent().is(IqType.RESULT), alice.lastSent().toString());
        send(alice, "<iq type='get' id='none'><query xmlns='http://jabber.org/protocol/disco#info' node='m'/></iq>");
        assertEquals(Condition.ITEM_NOT_FOUND, condition(alice.lastSent()));
        // another account's ping is still not the server's to answer
        send(bob, "<iq type='get' id='p' to='alice@example.com'><ping xmlns='urn:xmpp:ping'/></iq>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(bob.lastSent()));
    }

    @Test
    void aRequestTheServerSendsForAPluginIsAnsweredByTheClientAskedOnly() throws Exception {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);
        Stanza ask = Stanza.create(Stanza.Kind.IQ, JidCreate.domainBareFrom("example.com"), JidCreate.from("bob@example.com/pc"),
                IqType.GET, "caps1", List.of(Element.of("query", Namespaces.DISCO_INFO)));
        CompletableFuture<Stanza> answer = processor.request(ask, java.time.Duration.ofSeconds(5)).toCompletableFuture();
        assertEquals("caps1", bob.lastSent().id(), "the request reached the client");

        send(alice, "<iq type='result' id='caps1' to='example.com'/>");
        assertFalse(answer.isDone(), "another client cannot answer it");
        send(bob, "<iq type='result' id='caps1' to='example.com'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>");
        assertEquals("bob@example.com/pc", answer.get().from().toString());
    }

    // ---- messages

    @Test
    void aMessageToAnAccountGoesToItsResourcesWithTheHighestPriority() {
        TestSession low = TestSession.available("bob@example.com/low", 1).bindTo(registry);
        TestSession high = TestSession.available("bob@example.com/high", 5).bindTo(registry);

        send(alice, "<message type='chat' to='bob@example.com'><body>hi</body></message>");
        assertEquals(List.of(), low.sent());
        assertEquals("hi", high.lastSent().body().orElseThrow());

        send(alice, "<message type='headline' to='bob@example.com'><body>news</body></message>");
        assertEquals("news", low.lastSent().body().orElseThrow(), "headlines go to every non-negative priority");
        assertEquals("news", high.lastSent().body().orElseThrow());
    }

    @Test
    void aDeliveryGateWithholdsAnythingFromAnAccountAndRequestsAndMessagesBounce() {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);
        extensions.addDeliveryGate((stanza, recipient) -> recipient.toString().equals("bob@example.com")
                && stanza.from().toString().startsWith("alice@"));

        send(alice, "<message type='chat' to='bob@example.com'><body>hi</body></message>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
        send(alice, "<iq type='get' id='v' to='bob@example.com/pc'><query xmlns='jabber:iq:version'/></iq>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
        assertTrue(alice.lastSent().is(IqType.ERROR));
        alice.takeSent();
        send(alice, "<presence to='bob@example.com/pc'/>");
        processor.route(Stanzas.stanza("<presence from='alice@example.com/desk' to='bob@example.com'/>"));
        assertEquals(List.of(), alice.sent(), "presence is dropped silently");
        assertEquals(List.of(), bob.sent(), "nothing reached bob, not even what a plugin routed");

        TestSession carol = TestSession.available("carol@example.com/pc", 0).bindTo(registry);
        send(alice, "<message type='chat' to='carol@example.com'><body>hi</body></message>");
        assertEquals("hi", carol.lastSent().body().orElseThrow(), "others are not concerned");
    }

    @Test
    void deliveryListenersLearnWhichSessionsOfTheAccountGotAMessage() {
        TestSession low = TestSession.available("bob@example.com/low", 1).bindTo(registry);
        TestSession high = TestSession.available("bob@example.com/high", 5).bindTo(registry);
        List<String> heard = new ArrayList<>();
        extensions.addDeliveryListener((message, recipients) -> heard.add(message.body().orElse("") + " -> "
                + recipients.stream().map(s -> s.jid().orElseThrow().toString()).toList()));

        send(alice, "<message type='chat' to='bob@example.com'><body>bare</body></message>");
        send(alice, "<message type='chat' to='bob@example.com/low'><body>full</body></message>");
        send(alice, "<message type='chat' to='carol@example.com'><body>offline</body></message>");
        send(alice, "<presence to='bob@example.com/low'/>");

        assertEquals(List.of("bare -> [bob@example.com/high]", "full -> [bob@example.com/low]",
                "offline -> [alice@example.com/desk]"), heard,
                "messages only, with the sessions the core picked; for the one nobody was online for, only its bounce");
    }

    @Test
    void aMessageToAResourceThatIsGoneGoesToTheAccountUnlessItIsGroupchat() {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);

        send(alice, "<message type='chat' to='bob@example.com/phone'><body>hi</body></message>");
        assertEquals("hi", bob.lastSent().body().orElseThrow());

        send(alice, "<message type='groupchat' to='bob@example.com/phone'><body>room</body></message>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
        assertTrue(alice.lastSent().is(MessageType.ERROR));
    }

    @Test
    void aMessageToAnOfflineOrUnknownAccountIsBouncedAndAnErrorIsNotBouncedAgain() {
        TestSession.of("carol@example.com/unavailable").bindTo(registry); // bound, never sent presence

        send(alice, "<message to='carol@example.com'><body>hi</body></message>");
        assertEquals("carol@example.com is offline.", text(alice.lastSent()));
        send(alice, "<message to='bob@example.com'><body>hi</body></message>");
        assertEquals("bob@example.com is offline.", text(alice.lastSent()));
        send(alice, "<message to='nobody@example.com'><body>hi</body></message>");
        assertEquals("There is no account nobody@example.com.", text(alice.lastSent()));
        alice.takeSent();

        send(alice, "<message type='error' to='nobody@example.com'/>");
        assertEquals(List.of(), alice.sent());
    }

    @Test
    void aMessageWithoutAddresseeGoesToTheSendersOwnAccount() {
        TestSession phone = TestSession.available("alice@example.com/phone", 3).bindTo(registry);

        send(alice, "<message><body>note to self</body></message>");

        assertEquals("note to self", phone.lastSent().body().orElseThrow());
        assertEquals("alice@example.com", phone.lastSent().to().toString());
    }

    @Test
    void stanzasToSubdomainsGoToTheirComponentAndOtherDomainsAreNotFederated() {
        List<Stanza> toRooms = new ArrayList<>();
        extensions.addComponent(toRooms::add, Map.of(DomainComponent.SUBDOMAIN, "rooms"));
        extensions.addComponent(stanza -> {
            throw new StanzaException(Condition.NOT_ALLOWED, "closed");
        }, Map.of(DomainComponent.SUBDOMAIN, "closed"));

        send(alice, "<message type='groupchat' to='lobby@rooms.example.com'><body>hi</body></message>");
        assertEquals(1, toRooms.size());

        send(alice, "<presence to='lobby@closed.example.com/alice'/>");
        assertEquals(Condition.NOT_ALLOWED, condition(alice.lastSent()));
        send(alice, "<message to='x@none.example.com'><body>?</body></message>");
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(alice.lastSent()));
        send(alice, "<message to='bob@elsewhere.org'><body>?</body></message>");
        assertEquals(Condition.REMOTE_SERVER_NOT_FOUND, condition(alice.lastSent()));
    }

    @Test
    void aClientMayOnlySendAsItself() {
        send(alice, "<message from='bob@example.com/pc' to='carol@example.com'><body>forged</body></message>");

        assertEquals(Optional.of(StreamErrorCondition.INVALID_FROM), alice.endedWith());
    }

    @Test
    void anUnknownTopLevelElementEndsTheStream() {
        processor.fromBoundSession(alice, Stanzas.element("<query xmlns='jabber:client'/>"));

        assertEquals(Optional.of(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE), alice.endedWith());
    }

    @Test
    void routedStanzasNeedBothAddresses() throws Exception {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);
        Stanza headline = Stanza.create(Stanza.Kind.MESSAGE, JidCreate.from("example.com"), JidCreate.from("bob@example.com"),
                MessageType.HEADLINE, null, List.of());

        processor.route(headline);
        assertEquals(headline, bob.lastSent());
        assertThrows(IllegalArgumentException.class, () -> processor.route(headline.withFrom(null)));
    }

    // ---- interceptors

    @Test
    void interceptorsMayRejectDropOrChangeAStanzaBeforeItIsRouted() {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);
        extensions.addInterceptor(interceptor(s -> s.body().orElse("").contains("spam")
                ? Verdict.reject(StanzaError.of(Condition.NOT_ACCEPTABLE)) : Verdict.pass(s)),
                Map.of(StanzaInterceptor.PHASE, "FILTER", StanzaInterceptor.KINDS, "message"));
        extensions.addInterceptor(interceptor(s -> s.body().orElse("").contains("secret") ? Verdict.drop()
                : Verdict.pass(s.withElement(Element.builder("message", Namespaces.CLIENT).textChild("body", "stamped").build()))),
                Map.of(StanzaInterceptor.KINDS, "message"));

        send(alice, "<message to='bob@example.com'><body>spam</body></message>");
        assertEquals(Condition.NOT_ACCEPTABLE, condition(alice.lastSent()));
        send(alice, "<message to='bob@example.com'><body>secret</body></message>");
        assertEquals(List.of(), bob.sent());

        send(alice, "<message to='bob@example.com'><body>hello</body></message>");
        assertEquals("stamped", bob.lastSent().body().orElseThrow());
    }

    @Test
    void aLateVerdictHoldsTheStanzaUntilItComes() {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);
        CompletableFuture<Verdict> verdict = new CompletableFuture<>();
        extensions.addInterceptor(new StanzaInterceptor() {
            @Override
            public Verdict intercept(Stanza stanza, Session sender) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletionStage<Verdict> interceptAsync(Stanza stanza, Session sender) {
                return verdict;
            }
        }, Map.of(StanzaInterceptor.PHASE, "RECORD", Constants.SERVICE_RANKING, 1));

        CompletableFuture<Void> done = send(alice, "<message to='bob@example.com'><body>durable</body></message>");
        assertFalse(done.isDone());
        assertEquals(List.of(), bob.sent());

        verdict.complete(Verdict.pass(Stanzas.stanza("<message from='alice@example.com/desk' to='bob@example.com'>"
                + "<body>durable</body></message>")));
        assertTrue(done.isDone());
        assertEquals("durable", bob.lastSent().body().orElseThrow());
    }

    @Test
    void aFailingInterceptorRejectsRatherThanLetsThrough() {
        TestSession bob = TestSession.available("bob@example.com/pc", 0).bindTo(registry);
        extensions.addInterceptor(interceptor(s -> {
            throw new IllegalStateException("bug");
        }), Map.of());

        send(alice, "<message to='bob@example.com'><body>hi</body></message>");

        assertEquals(List.of(), bob.sent());
        assertEquals(Condition.INTERNAL_SERVER_ERROR, condition(alice.lastSent()));
    }

    // ---- presence and session events

    @Test
    void anUndirectedPresenceIsShownToTheAccountsAvailableResources() {
        TestSession phone = TestSession.of("alice@example.com/phone").bindTo(registry);
        TestSession laptop = TestSession.of("alice@example.com/laptop").bindTo(registry); // not available

        send(phone, "<presence><show>away</show></presence>");

        assertTrue(phone.presence().isPresent());
        assertEquals("alice@example.com/desk", alice.lastSent().to().toString());
        assertEquals("alice@example.com/phone", phone.lastSent().to().toString(), "the sender sees its own presence");
        assertEquals(List.of(), laptop.sent());

        send(laptop, "<presence type='unavailable'/>");
        assertEquals(List.of(), laptop.sent(), "unavailable without having been available tells nobody");
        send(phone, "<presence type='subscribe'/>");
        assertEquals(1, alice.sent().size(), "a subscription request needs an addressee");

        send(phone, "<presence type='unavailable'/>");
        assertTrue(alice.lastSent().is(PresenceType.UNAVAILABLE));
        assertTrue(phone.presence().isEmpty());
    }

    @Test
    void aClosedSessionLeavesAndTheListenersAreTold() {
        TestSession phone = TestSession.available("alice@example.com/phone", 0).bindTo(registry);
        List<String> events = new ArrayList<>();
        extensions.addSessionListener(new SessionListener() {
            @Override
            public void sessionBound(Session session) {
                events.add("bound " + session.jid().orElseThrow());
            }

            @Override
            public void sessionClosed(Session session) {
                events.add("closed " + session.jid().orElseThrow());
            }
        });

        processor.sessionBound(phone);
        processor.sessionClosed(phone);

        assertEquals(List.of("bound alice@example.com/phone", "closed alice@example.com/phone"), events);
        Stanza left = alice.lastSent();
        assertTrue(left.is(PresenceType.UNAVAILABLE));
        assertEquals("alice@example.com/phone", left.from().toString());
        assertTrue(phone.presence().isEmpty());
    }

    // ---- before binding

    @Test
    void beforeBindingOnlyPreAuthHandlersAnswerAndWithoutAnAddress() {
        TestSession stranger = TestSession.of("x@example.com/y");
        extensions.addIqHandler((iq, session) -> iq.resultReply(null),
                Map.of(IqHandler.NAMESPACE, Namespaces.REGISTER, IqHandler.BEFORE_AUTH, true));
        assertTrue(processor.registrationAvailable());

        assertTrue(processor.beforeBind(stranger, Stanzas.element("<iq type='get' id='r'><query xmlns='jabber:iq:register'/></iq>")));
        assertTrue(stranger.lastSent().is(IqType.RESULT));
        assertNull(stranger.lastSent().to());

        assertTrue(processor.beforeBind(stranger, Stanzas.element("<iq type='get' id='p'><ping xmlns='urn:xmpp:ping'/></iq>")));
        assertEquals(Condition.SERVICE_UNAVAILABLE, condition(stranger.lastSent()));
        assertFalse(processor.beforeBind(stranger, Stanzas.element("<message><body>hi</body></message>")));
    }

    // ---- helpers

    private CompletableFuture<Void> send(TestSession from, String xml) {
        return processor.fromBoundSession(from, Stanzas.element(xml)).toCompletableFuture();
    }

    private static StanzaInterceptor interceptor(java.util.function.Function<Stanza, Verdict> decide) {
        return new StanzaInterceptor() {
            @Override
            public Verdict intercept(Stanza stanza, Session sender) {
                return decide.apply(stanza);
            }
        };
    }

    /** The defined condition of an error stanza. */
    private static Condition condition(Stanza error) {
        Element e = error.element().child("error", Namespaces.CLIENT).orElseThrow(() -> new AssertionError("no error: " + error));
        for (Element c : e.elements()) {
            for (Condition candidate : Condition.values()) {
                if (candidate.xmlName().equals(c.name())) {
                    return candidate;
                }
            }
        }
        throw new AssertionError("no condition in " + error);
    }

    private static String text(Stanza error) {
        return error.element().child("error", Namespaces.CLIENT).orElseThrow().elements().stream()
                .filter(e -> e.name().equals("text")).map(Element::text).findFirst().orElse(null);
    }
}
