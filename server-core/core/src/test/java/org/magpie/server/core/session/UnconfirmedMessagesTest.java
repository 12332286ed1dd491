package org.magpie.server.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.impl.JidCreate;
import org.magpie.server.api.Namespaces;
import org.magpie.server.api.Stanza;
import org.magpie.server.api.xml.Element;

class UnconfirmedMessagesTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final CountDownLatch dead = new CountDownLatch(1);
    private final DomainBareJid domain = JidCreate.domainBareFromOrThrowUnchecked("example.org");
    private final EntityFullJid to = JidCreate.entityFullFromOrThrowUnchecked("bob@example.org/desk");

    private final TestConnection connection = new TestConnection();
    private final BlockingQueue<String> wire = connection.wire;

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private KeepAlive ping;

    private UnconfirmedMessages held(int maxMessages, long maxBytes) {
        // the session's keep-alive pings: long idle time, a 2 s answer time
        ping = new KeepAlive(new KeepAlive.Settings(Duration.ofMinutes(10), Duration.ofSeconds(2)), timer,
                e -> connection.write(e.toXml(Namespaces.CLIENT)), dead::countDown, () -> false);
        ping.start();
        return new UnconfirmedMessages("s1", new DeliverySettings(Duration.ZERO, maxMessages, maxBytes),
                ping::ping, timer, connection);
    }

    private Stanza message(String type, String body) {
        List<Element> children = body == null ? List.of() : List.of(Element.builder("body", Namespaces.CLIENT).text(body).build());
        return Stanza.create(Stanza.Kind.MESSAGE, JidCreate.entityBareFromOrThrowUnchecked("alice@example.org"), to, type,
                Stanza.newId(), children);
    }

    private void write(UnconfirmedMessages held, Stanza m) {
        held.write(m, to, m.element().toXml(Namespaces.CLIENT), false);
    }

    /** The next ping written, skipping the messages. */
    private String nextPingId() throws InterruptedException {
        while (true) {
            String xml = wire.poll(10, TimeUnit.SECONDS);
            assertNotNull(xml, "a ping was written");
            if (xml.contains(Namespaces.PING)) {
                Matcher m = Pattern.compile("id=\"([^\"]+)\"").matcher(xml);
                assertTrue(m.find(), xml);
                return m.group(1);
            }
        }
    }

    private static Element pong(String id) {
        return Element.builder("iq", Namespaces.CLIENT).attribute("type", "result").attribute("id", id).build();
    }

    private static List<String> bodies(List<Stanza> messages) {
        return messages.stream().map(s -> s.body().orElse(null)).toList();
    }

    @Test
    void messagesNeverConfirmedAreHandedBackAtTheEnd() throws Exception {
        UnconfirmedMessages held = held(100, 1_000_000);
        write(held, message("chat", "one"));
        write(held, message(null, "two"));
        nextPingId(); // asked, never answered
        assertEquals(List.of("one", "two"), bodies(held.close(false)));
    }

    @Test
    void theAnswerToAPingConfirmsWhatWasWrittenBeforeItOnly() throws Exception {
        UnconfirmedMessages held = held(100, 1_000_000);
        write(held, message("chat", "before"));
        String first = nextPingId();
        write(held, message("chat", "after"));
        assertTrue(ping.answered(pong(first)));
        nextPingId(); // "after" is still held, so the next ping comes
        assertEquals(List.of("after"), bodies(held.close(false)));
    }

    @Test
    void onlyWhatOfflineStorageWouldKeepIsHeld() throws Exception {
        UnconfirmedMessages held = held(100, 1_000_000);
        write(held, message("headline", "news"));
        write(held, message("groupchat", "in a group"));
        write(held, message("chat", null));
        write(held, message("chat", "   "));
        assertEquals(List.of(), held.close(false));
        assertFalse(wire.stream().anyMatch(x -> x.contains(Namespaces.PING)), "nothing to ask about");
    }

    @Test
    void pastItsBoundsTheOldestAreLetGo() throws Exception {
        UnconfirmedMessages held = held(2, 1_000_000);
        for (String b : List.of("1", "2", "3")) {
            write(held, message("chat", b));
        }
        assertEquals(List.of("2", "3"), bodies(held.close(false)));

        UnconfirmedMessages small = held(100, 10);
        write(small, message("chat", "x".repeat(50)));
        write(small, message("chat", "y".repeat(50)));
        assertEquals(List.of("y".repeat(50)), bodies(small.close(false)), "one message larger than the bound is still kept alone");
    }

    @Test
    void anUnansweredPingEndsTheSessionAndAnAnswerToSomebodyElsesIdIsNotOurs() throws Exception {
        UnconfirmedMessages held = held(100, 1_000_000);
        write(held, message("chat", "hello"));
        nextPingId();
        assertFalse(ping.answered(pong("client-own-id")));
        assertTrue(dead.await(10, TimeUnit.SECONDS), "the unanswered ping counts as a dead connection");
        assertEquals(List.of("hello"), bodies(held.close(false)));
    }

    /** Before, what the connection refused once the client stopped reading was lost with the connection. */
    @Test
    void whatTheConnectionRefusesGoesBackEvenAfterACleanClose() throws Exception {
        UnconfirmedMessages held = held(100, 1_000_000);
        write(held, message("chat", "sent"));
        connection.refusing = true;
        write(held, message("chat", "refused"));
        assertEquals(List.of("refused"), bodies(held.close(true)));
    }

    @Test
    void aCleanCloseCountsWhatWasWrittenAsReadButNotWhatCameAfter() throws Exception {
        UnconfirmedMessages held = held(100, 1_000_000);
        write(held, message("chat", "read"));
        held.notWritten(message("chat", "too late"));
        assertEquals(List.of("too late"), bodies(held.close(true)));
    }
}
