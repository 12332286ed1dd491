package org.magpie.plugin.blocking.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.server.api.IqType;
import org.magpie.server.api.PresenceType;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.StanzaInterceptor.Verdict;
import org.magpie.server.api.storage.Migration;
import org.magpie.server.api.storage.SchemaMigrations;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.FakeSession;
import org.magpie.server.testsupport.FakeSessionManager;
import org.magpie.server.testsupport.FakeStanzaRouter;
import org.magpie.server.testsupport.TestDatabase;
import org.magpie.server.xml.StanzaText;

class BlockingTest {

    private static final ServerInfo INFO = new ServerInfo() {
        @Override
        public DomainBareJid domain() {
            return JidCreate.domainBareFromOrThrowUnchecked("example.com");
        }

        @Override
        public String version() {
            return "test";
        }
    };

    private final TestDatabase db = TestDatabase.inMemory();
    private final FakeSessionManager sessions = new FakeSessionManager();
    private final FakeStanzaRouter router = new FakeStanzaRouter();
    private Blocklists lists;
    private FakeSession aliceDesk;
    private FakeSession alicePhone;
    private FakeSession mallory;

    @BeforeEach
    void setUp() throws Exception {
        lists = lists(3);
        aliceDesk = sessions.add(FakeSession.bound("alice@example.com/desk")
                .withPresence(stanza("<presence from='alice@example.com/desk'/>")));
        alicePhone = sessions.add(FakeSession.bound("alice@example.com/phone"));
        mallory = sessions.add(FakeSession.bound("mallory@example.com/pc"));
    }

    private Blocklists lists(int max) throws Exception {
        return new Blocklists(max, new BlocklistStore(db.dataSource(), db), sessions, router, null, INFO);
    }

    /** Another instance on the same database, as after a restart (its table exists already). */
    private Blocklists restarted() throws Exception {
        return restarted(3);
    }

    private Blocklists restarted(int max) throws Exception {
        SchemaMigrations done = new SchemaMigrations() {
            @Override
            public int migrate(String module, List<Migration> migrations) {
                return 0;
            }

            @Override
            public int version(String module) {
                return BlocklistStore.MIGRATIONS.size();
            }
        };
        return new Blocklists(max, new BlocklistStore(db.dataSource(), done), sessions, router, null, INFO);
    }

    @Test
    void blockingStoresPushesToEverySessionAndTakesThePresenceAway() throws Exception {
        Stanza reply = handle(new BlockSet(lists), aliceDesk,
                "<iq type='set' id='b' from='alice@example.com/desk'><block xmlns='urn:xmpp:blocking'>"
                        + "<item jid='mallory@example.com'/></block></iq>");

        assertTrue(reply.is(IqType.RESULT));
        for (FakeSession s : List.of(aliceDesk, alicePhone)) {
            Stanza push = s.lastSent();
            assertTrue(push.is(IqType.SET));
            assertEquals("mallory@example.com", push.payload().orElseThrow().child("item", Blocklists.NS).orElseThrow()
                    .attribute("jid"));
        }
        Stanza gone = router.routedTo("mallory@example.com").get(0);
        assertTrue(gone.is(PresenceType.UNAVAILABLE));
        assertEquals("alice@example.com/desk", gone.from().toString(), "only the available session goes offline");
        assertEquals(1, router.routed().size());

        // kept in the database: a fresh instance (a restart) reads it back
        Stanza list = handle(new BlocklistGet(restarted()), alicePhone,
                "<iq type='get' id='l' from='alice@example.com/phone'><blocklist xmlns='urn:xmpp:blocking'/></iq>");
        assertEquals(List.of("mallory@example.com"), list.payload().orElseThrow().elements().stream()
                .map(e -> e.attribute("jid")).toList());
    }

    @Test
    void blockedStanzasAreDroppedOrRefusedBothWays() throws Exception {
        lists.block(jid("alice@example.com").asEntityBareJidOrThrow(), List.of(jid("mallory@example.com")));
        BlockingInterceptor interceptor = new BlockingInterceptor(lists, INFO);

        Verdict in = interceptor.intercept(stanza("<message type='chat' from='mallory@example.com/pc' "
                + "to='alice@example.com'><body>hi</body></message>"), mallory);
        assertEquals(Condition.SERVICE_UNAVAILABLE, assertInstanceOf(Verdict.Reject.class, in).error().condition());
        assertInstanceOf(Verdict.Drop.class, interceptor.intercept(stanza("<presence type='subscribe' "
                + "from='mallory@example.com/pc' to='alice@example.com'/>"), mallory));
        assertInstanceOf(Verdict.Drop.class, interceptor.intercept(stanza("<message type='error' "
                + "from='mallory@example.com/pc' to='alice@example.com/desk'/>"), mallory), "errors are not answered");

        Verdict out = interceptor.intercept(stanza("<message type='chat' from='alice@example.com/desk' "
                + "to='mallory@example.com/pc'><body>hi</body></message>"), aliceDesk);
        assertEquals(Condition.NOT_ACCEPTABLE, assertInstanceOf(Verdict.Reject.class, out).error().condition());
        assertInstanceOf(Verdict.Drop.class, interceptor.intercept(stanza("<presence from='alice@example.com/desk' "
                + "to='mallory@example.com'/>"), aliceDesk));

        Stanza toBob = stanza("<message type='chat' from='alice@example.com/desk' to='bob@example.com'><body>hi</body></message>");
        assertEquals(toBob, assertInstanceOf(Verdict.Pass.class, interceptor.intercept(toBob, aliceDesk)).stanza());
        Stanza broadcast = stanza("<presence from='alice@example.com/desk'/>");
        assertInstanceOf(Verdict.Pass.class, interceptor.intercept(broadcast, aliceDesk));
    }

    @Test
    void theGateWithholdsIqsAndRoutedPresenceBothWaysButNotErrors() throws Exception {
        lists.block(jid("alice@example.com").asEntityBareJidOrThrow(), List.of(jid("mallory@example.com")));
        BlockingGate gate = new BlockingGate(lists, INFO);
        org.jxmpp.jid.EntityBareJid alice = jid("alice@example.com").asEntityBareJidOrThrow();
        org.jxmpp.jid.EntityBareJid mallory = jid("mallory@example.com").asEntityBareJidOrThrow();

        assertTrue(gate.withholds(stanza("<iq type='get' id='v' from='mallory@example.com/pc' to='alice@example.com/desk'>"
                + "<query xmlns='jabber:iq:version'/></iq>"), alice), "an IQ from the blocked contact");
        assertTrue(gate.withholds(stanza("<presence from='alice@example.com/desk' to='mallory@example.com'/>"), mallory),
                "the roster's broadcast of alice's presence to mallory");
        assertFalse(gate.withholds(stanza("<presence type='unavailable' from='alice@example.com/desk' "
                + "to='mallory@example.com'/>"), mallory), "going offline toward mallory (the block itself) passes");
        assertTrue(gate.withholds(stanza("<presence type='unavailable' from='mallory@example.com/pc' "
                + "to='alice@example.com'/>"), alice), "but not from mallory");
        assertFalse(gate.withholds(stanza("<iq type='error' id='v' from='mallory@example.com/pc' to='alice@example.com/desk'/>"),
                alice), "errors pass");
        assertFalse(gate.withholds(stanza("<presence from='alice@example.com/desk' to='bob@example.com'/>"),
                jid("bob@example.com").asEntityBareJidOrThrow()));
        assertFalse(gate.withholds(stanza("<presence from='alice@example.com/desk' to='alice@example.com/phone'/>"), alice));
    }

    @Test
    void unblockingOneOrAllLetsStanzasThroughAgainAndIsPushed() throws Exception {
        lists.block(jid("alice@example.com").asEntityBareJidOrThrow(),
                List.of(jid("mallory@example.com"), jid("eve@example.com"), jid("spam.example")));
        assertTrue(lists.blocks(jid("alice@example.com").asEntityBareJidOrThrow(), jid("bot@spam.example/x")),
                "a domain blocks everyone there");

        handle(new UnblockSet(lists), aliceDesk, "<iq type='set' id='u' from='alice@example.com/desk'>"
                + "<unblock xmlns='urn:xmpp:blocking'><item jid='mallory@example.com'/></unblock></iq>");
        assertFalse(lists.blocks(jid("alice@example.com").asEntityBareJidOrThrow(), jid("mallory@example.com/pc")));
        assertTrue(lists.blocks(jid("alice@example.com").asEntityBareJidOrThrow(), jid("eve@example.com/pc")));

        handle(new UnblockSet(lists), aliceDesk, "<iq type='set' id='a' from='alice@example.com/desk'>"
                + "<unblock xmlns='urn:xmpp:blocking'/></iq>");
        assertEquals(List.of(), restarted().of(jid("alice@example.com").asEntityBareJidOrThrow()));
        Element push = alicePhone.lastSent().payload().orElseThrow();
        assertEquals("unblock", push.name());
        assertTrue(push.elements().isEmpty(), "unblock-all is pushed without items");
    }

    @Test
    void badRequestsAreRefusedAndChangeNothing() throws Exception {
        BlockSet block = new BlockSet(lists);
        assertEquals(Condition.BAD_REQUEST, refused(block, "<block xmlns='urn:xmpp:blocking'/>"));
        assertEquals(Condition.BAD_REQUEST, refused(block, "<block xmlns='urn:xmpp:blocking'><item/></block>"));
        assertEquals(Condition.JID_MALFORMED, refused(block, "<block xmlns='urn:xmpp:blocking'><item jid='a b@x'/></block>"));
        assertEquals(Condition.RESOURCE_CONSTRAINT, refused(block, "<block xmlns='urn:xmpp:blocking'><item jid='a@x'/>"
                + "<item jid='b@x'/><item jid='c@x'/><item jid='d@x'/></block>"), "more than the limit of 3");
        assertEquals(List.of(), restarted().of(jid("alice@example.com").asEntityBareJidOrThrow()));
        assertThrows(IllegalArgumentException.class, () -> restarted(0), "a limit below 1 is a clear error");
    }

    @Test
    void jidsMatchAsXep0016Says() {
        assertTrue(Blocklists.matches(jid("a@x"), jid("a@x/r")));
        assertTrue(Blocklists.matches(jid("a@x/r"), jid("a@x/r")));
        assertFalse(Blocklists.matches(jid("a@x/r"), jid("a@x/s")));
        assertTrue(Blocklists.matches(jid("x"), jid("a@x/r")));
        assertTrue(Blocklists.matches(jid("x/r"), jid("x/r")));
        assertFalse(Blocklists.matches(jid("x/r"), jid("a@x/r")));
        assertFalse(Blocklists.matches(jid("a@x"), jid("b@x")));
    }

    private Condition refused(BlockSet block, String payload) {
        StanzaException e = assertThrows(StanzaException.class, () -> handle(block, aliceDesk,
                "<iq type='set' id='x' from='alice@example.com/desk'>" + payload + "</iq>"));
        return e.error().condition();
    }

    private static Stanza handle(org.magpie.server.api.IqHandler handler, FakeSession session, String xml)
            throws StanzaException {
        return handler.handle(stanza(xml), session);
    }

    private static Jid jid(String s) {
        return JidCreate.fromOrThrowUnchecked(s);
    }

    private static Stanza stanza(String xml) {
        try {
            return Stanza.of(StanzaText.read(xml));
        } catch (StanzaException e) {
            throw new AssertionError(e);
        }
    }
}
