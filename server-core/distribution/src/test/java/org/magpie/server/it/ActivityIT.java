package org.magpie.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.jivesoftware.smack.XMPPException;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.iqlast.LastActivityManager;
import org.jivesoftware.smackx.iqlast.packet.LastActivity;
import org.jivesoftware.smackx.time.EntityTimeManager;
import org.jivesoftware.smackx.time.packet.Time;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.util.XmppDateTime;

/**
 * Entity time (XEP-0202) and last activity (XEP-0012) with Smack's managers against the real server:
 * the server's clock and uptime, and an account's last logout, which a subscribed friend may ask for
 * and a stranger may not.
 */
class ActivityIT {

    private static final String PASSWORD = "secret123";
    private static final DomainBareJid SERVER = JidCreate.domainBareFromOrThrowUnchecked(InProcessServer.DOMAIN);

    @TempDir
    static Path tmp;

    private static InProcessServer server;

    @BeforeAll
    static void start() throws Exception {
        server = InProcessServer.start(tmp, Map.of());
        server.registerAll(PASSWORD, "ivy", "jack", "ken");
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theServerTellsItsTimeAndUptime() throws Exception {
        XMPPTCPConnection c = server.login("ken", PASSWORD, "pc");
        try {
            assertTrue(EntityTimeManager.getInstanceFor(c).isTimeSupported(SERVER));
            Time time = EntityTimeManager.getInstanceFor(c).getTime(SERVER);
            Instant utc = XmppDateTime.parseXEP0082Date(time.getUtc()).toInstant();
            assertTrue(Duration.between(utc, Instant.now()).abs().toSeconds() < 60, "the server's clock: " + time.getUtc());
            assertNotNull(time.getTzo());

            assertTrue(LastActivityManager.getInstanceFor(c).isLastActivitySupported(SERVER));
            LastActivity uptime = LastActivityManager.getInstanceFor(c).getLastActivity(SERVER);
            assertTrue(uptime.getIdleTime() >= 0, "the server's uptime in seconds");
        } finally {
            c.disconnect();
        }
    }

    @Test
    void aFriendLearnsWhenAnAccountWasLastOnlineAndAStrangerIsRefused() throws Exception {
        XMPPTCPConnection ivy = server.connection("phone");
        Roster.getInstanceFor(ivy).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        ivy.connect();
        ivy.login("ivy", PASSWORD);
        XMPPTCPConnection jack = server.login("jack", PASSWORD, "pc");
        XMPPTCPConnection ken = server.login("ken", PASSWORD, "pc");
        try {
            // jack asks to see ivy's presence; ivy's client approves at once
            BlockingQueue<Presence> atJack = new LinkedBlockingQueue<>();
            jack.addSyncStanzaListener(p -> atJack.add((Presence) p), StanzaTypeFilter.PRESENCE);
            jack.sendStanza(jack.getStanzaFactory().buildPresenceStanza().ofType(Presence.Type.subscribe).to(jid("ivy")).build());
            Presence answer;
            do {
                answer = atJack.poll(10, TimeUnit.SECONDS);
                assertNotNull(answer, "ivy's client approves");
            } while (answer.getType() != Presence.Type.subscribed);

            assertEquals(0, LastActivityManager.getInstanceFor(jack).getLastActivity(jid("ivy")).getIdleTime(),
                    "online now");
            ivy.disconnect();
            do {
                answer = atJack.poll(10, TimeUnit.SECONDS);
                assertNotNull(answer, "ivy goes offline");
            } while (answer.getType() != Presence.Type.unavailable);

            // the session listeners hear of the end one after another: the roster's may tell jack before this one stores it
            long[] idle = {-1};
            InProcessServer.eventually(Duration.ofSeconds(10), () -> {
                try {
                    idle[0] = LastActivityManager.getInstanceFor(jack).getLastActivity(jid("ivy")).getIdleTime();
                    return true;
                } catch (XMPPException.XMPPErrorException e) {
                    assertEquals(StanzaError.Condition.item_not_found, e.getStanzaError().getCondition());
                    return false;
                }
            });
            long seconds = idle[0];
            assertTrue(seconds >= 0 && seconds < 60, "seconds since ivy's logout: " + seconds);

            XMPPException.XMPPErrorException refused = assertThrows(XMPPException.XMPPErrorException.class,
                    () -> LastActivityManager.getInstanceFor(ken).getLastActivity(jid("ivy")));
            assertEquals(StanzaError.Condition.forbidden, refused.getStanzaError().getCondition());
        } finally {
            ivy.disconnect();
            jack.disconnect();
            ken.disconnect();
        }
    }

    private static EntityBareJid jid(String user) {
        return JidCreate.entityBareFromOrThrowUnchecked(user + "@" + InProcessServer.DOMAIN);
    }
}
