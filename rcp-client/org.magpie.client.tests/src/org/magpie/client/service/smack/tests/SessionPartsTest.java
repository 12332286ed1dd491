package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.Test;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.smack.internal.FriendRequests;
import org.magpie.client.service.smack.internal.Managers;
import org.magpie.client.service.smack.internal.SentMessages;

/** The messaging service's session parts that work without a server. */
class SessionPartsTest {

    private static XMPPTCPConnection connection() throws Exception {
        return new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder().setXmppDomain("example.org").build());
    }

    @Test
    void managersAreMadeOncePerConnectionWhenItIsAttached() throws Exception {
        AtomicInteger made = new AtomicInteger();
        Managers managers = new Managers().register(StringBuilder.class, c -> {
            made.incrementAndGet();
            return new StringBuilder("for ").append(System.identityHashCode(c));
        });
        XMPPTCPConnection first = connection();
        XMPPTCPConnection second = connection();
        assertThrows(IllegalStateException.class, () -> managers.getInstanceFor(first, StringBuilder.class));

        managers.attach(first);
        managers.attach(second);
        StringBuilder one = managers.getInstanceFor(first, StringBuilder.class);
        assertSame(one, managers.getInstanceFor(first, StringBuilder.class));
        assertNotSame(one, managers.getInstanceFor(second, StringBuilder.class));
        assertEquals("for " + System.identityHashCode(first), one.toString());
        assertEquals(2, made.get());
        assertThrows(IllegalStateException.class, () -> managers.getInstanceFor(first, Integer.class));
    }

    @Test
    void sentMessagesKeepTheLatestFewHundred() {
        SentMessages sent = new SentMessages();
        for (int i = 0; i < 300; i++) {
            sent.sent("id-" + i, new ChatMessage("bob@example.org", "alice@example.org", "Alice", "hi " + i, Instant.now(), true));
        }
        assertNull(sent.get("id-0"), "the oldest are forgotten");
        assertEquals("hi 299", sent.get("id-299").text());
        assertEquals("hi 298", sent.remove("id-298").text());
        assertNull(sent.get("id-298"), "a bounce takes its message");
        assertNull(sent.get(null));
    }

    @Test
    void aRequestAnsweredElsewhereIsForgotten() {
        FriendRequests requests = new FriendRequests();
        requests.received(new FriendRequest("bob@example.org", "Bob", null));
        requests.received(new FriendRequest("carol@example.org", "Carol", "hello"));
        requests.answeredElsewhere(List.of(
                new Contact("bob@example.org", "Bob", true, null, Contact.Subscription.BOTH, false),
                new Contact("carol@example.org", "Carol", false, null, Contact.Subscription.TO, false)));
        assertEquals(List.of("carol@example.org"), requests.list().stream().map(FriendRequest::from).toList());

        requests.answered("carol@example.org");
        assertEquals(List.of(), requests.list());
    }
}
