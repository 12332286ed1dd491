package org.magpie.plugin.activity.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.IqType;
import org.magpie.server.api.PresenceSubscriptions;
import org.magpie.server.api.ServerInfo;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.StanzaError.Condition;
import org.magpie.server.api.StanzaException;
import org.magpie.server.api.xml.Element;
import org.magpie.server.testsupport.FakeSession;
import org.magpie.server.testsupport.FakeSessionManager;
import org.magpie.server.testsupport.TestDatabase;
import org.magpie.server.xml.StanzaText;

class ActivityTest {

    /** Alice is subscribed to everyone's presence, nobody else to anyone's. */
    private static final PresenceSubscriptions ALICE_SEES_ALL = new PresenceSubscriptions() {
        @Override
        public boolean receivesPresenceOf(EntityBareJid contact, EntityBareJid owner) {
            return contact.toString().equals("alice@example.com");
        }

        @Override
        public Set<EntityBareJid> presenceSourcesOf(EntityBareJid account) {
            return Set.of();
        }

        @Override
        public Set<EntityBareJid> presenceSubscribersOf(EntityBareJid owner) {
            return Set.of();
        }
    };

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

    private final FakeSessionManager sessions = new FakeSessionManager();
    private final FakeSession alice = FakeSession.bound("alice@example.com/desk");
    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-07T10:00:00Z"));

    @Test
    void theServerTellsItsTimeInUtcWithItsZoneOffset() throws Exception {
        Clock shanghai = Clock.fixed(Instant.parse("2026-12-07T10:00:00.250Z"), ZoneId.of("Asia/Shanghai"));
        Element time = new EntityTime(shanghai).handle(iq("<iq type='get' id='t' from='alice@example.com/desk' "
                + "to='example.com'><time xmlns='urn:xmpp:time'/></iq>"), alice).payload().orElseThrow();
        assertEquals("+08:00", time.childText("tzo").orElseThrow());
        assertEquals("2026-12-07T10:00:00.250Z", time.childText("utc").orElseThrow());
        Clock utc = Clock.fixed(Instant.parse("2026-12-07T10:00:00Z"), ZoneOffset.UTC);
        Element inUtc = new EntityTime(utc).handle(iq("<iq type='get' id='t' from='alice@example.com/desk'>"
                + "<time xmlns='urn:xmpp:time'/></iq>"), alice).payload().orElseThrow();
        assertEquals("+00:00", inUtc.childText("tzo").orElseThrow());
    }

    @Test
    void theServerAnswersItsUptimeAndAnAccountItsLastLogoutToThoseWhoSeeItsPresence() throws Exception {
        TestDatabase db = TestDatabase.inMemory();
        LastActivity last = new LastActivity(new LastLogoutStore(db.dataSource(), db), sessions, INFO, null,
                () -> ALICE_SEES_ALL, () -> 90_500,
                clock());

        assertEquals("90", seconds(last, "<iq type='get' id='u' from='alice@example.com/desk' to='example.com'>"
                + "<query xmlns='jabber:iq:last'/></iq>"));

        String askBob = "<iq type='get' id='b' from='alice@example.com/desk' to='bob@example.com'><query xmlns='jabber:iq:last'/></iq>";
        assertEquals(Condition.ITEM_NOT_FOUND, refused(last, askBob), "never logged in");

        FakeSession bob = sessions.add(FakeSession.bound("bob@example.com/pc")
                .withPresence(iq("<presence from='bob@example.com/pc'/>")));
        assertEquals("0", seconds(last, askBob), "online now");

        sessions.terminate(bob.account().orElseThrow(), org.magpie.server.api.StreamErrorCondition.CONFLICT, null);
        last.sessionClosed(bob);
        now.set(now.get().plusSeconds(125));
        assertEquals("125", seconds(last, askBob));

        assertEquals(Condition.FORBIDDEN, refused(last, "<iq type='get' id='c' from='carol@example.com/pc' "
                + "to='bob@example.com'><query xmlns='jabber:iq:last'/></iq>"), "carol does not see bob's presence");
        assertEquals("125", seconds(last, "<iq type='get' id='s' from='bob@example.com/phone' to='bob@example.com'>"
                + "<query xmlns='jabber:iq:last'/></iq>"), "one's own account");

        LastActivity withoutRoster = new LastActivity(new LastLogoutStore(db.dataSource(), noMigrations()), sessions,
                INFO, null, () -> null, () -> 0, clock());
        assertEquals(Condition.FORBIDDEN, refused(withoutRoster, askBob), "without the roster plugin nobody else may ask");
    }

    private Clock clock() {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now.get();
            }
        };
    }

    private static org.magpie.server.api.storage.SchemaMigrations noMigrations() {
        return new org.magpie.server.api.storage.SchemaMigrations() {
            @Override
            public int migrate(String module, java.util.List<org.magpie.server.api.storage.Migration> migrations) {
                return 0;
            }

            @Override
            public int version(String module) {
                return 1;
            }
        };
    }

    private String seconds(LastActivity last, String xml) throws StanzaException {
        Stanza reply = last.handle(iq(xml), alice);
        assertTrue(reply.is(IqType.RESULT));
        return reply.payload().orElseThrow().attribute("seconds");
    }

    private Condition refused(LastActivity last, String xml) {
        return assertThrows(StanzaException.class, () -> last.handle(iq(xml), alice)).error().condition();
    }

    private static Stanza iq(String xml) {
        try {
            return Stanza.of(StanzaText.read(xml));
        } catch (StanzaException e) {
            throw new AssertionError(e);
        }
    }
}
