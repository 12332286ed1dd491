package org.magpie.client.model.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.magpie.client.model.MessageTimes;
import org.magpie.client.model.MessengerPresenter;
import org.magpie.client.model.Texts;
import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.FailureKind;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;

class MessengerPresenterTest {

    private final FakeMessagingService service = new FakeMessagingService();
    private final List<String> events = new ArrayList<>();
    private MessengerPresenter presenter;

    @BeforeEach
    void start() {
        service.account = "alice@localhost";
        service.state = ConnectionState.ONLINE;
        presenter = new MessengerPresenter(service, new Texts(Locale.ENGLISH), Runnable::run, new MessengerPresenter.View() {
            @Override
            public void status(ConnectionState state, String text) {
                events.add("status " + text);
            }

            @Override
            public void showChat(String conversation, String title, List<ChatMessage> history, boolean toFront) {
                events.add("show " + conversation + " '" + title + "' " + history.size() + (toFront ? " front" : " behind"));
            }

            @Override
            public void append(ChatMessage message) {
                events.add("append " + message.conversation() + " " + message.text());
            }

            @Override
            public void unread(String conversation, int count, int total) {
                events.add("unread " + conversation + " " + count + "/" + total);
            }

            @Override
            public void sendFailed(String conversation, String text) {
                events.add("failed " + text);
            }

            @Override
            public void sessionEnded(String text, SessionEnd reason) {
                events.add("ended " + reason + " " + text);
            }
        });
        presenter.start();
    }

    private static ChatMessage from(String who, String nick, String text) {
        return new ChatMessage(who, who, nick, text, Instant.now(), false);
    }

    @Test
    void statusLineFollowsTheConnection() {
        service.listeners.forEach(l -> l.stateChanged(ConnectionState.RECONNECTING));
        service.listeners.forEach(l -> l.stateChanged(ConnectionState.ONLINE));
        assertEquals(List.of("status Online as alice@localhost", "status Connection lost, reconnecting…",
                "status Online as alice@localhost"), events);
    }

    @Test
    void aMessageForAChatThatIsNotOpenOpensItBehindAndMarksIt() {
        events.clear();
        service.listeners.forEach(l -> l.messageReceived(from("bob@localhost", "Bob 鲍勃", "hi")));
        service.listeners.forEach(l -> l.messageReceived(from("bob@localhost", "Bob 鲍勃", "there?")));
        assertEquals(List.of("show bob@localhost 'Bob 鲍勃' 1 behind", "unread bob@localhost 1/1",
                "append bob@localhost there?", "unread bob@localhost 2/2"), events);
        events.clear();
        presenter.chatActivated("bob@localhost");
        service.listeners.forEach(l -> l.messageReceived(from("bob@localhost", "Bob 鲍勃", "ok")));
        assertEquals(List.of("unread bob@localhost 0/0", "append bob@localhost ok"), events);
    }

    @Test
    void openingAChatByAccountNameUsesTheOwnDomainAndSendingShowsTheSentMessage() {
        events.clear();
        String conversation = presenter.openChat("Bob");
        assertEquals("bob@localhost", conversation);
        presenter.send(conversation, "   ");
        assertTrue(service.calls.isEmpty(), "blank text is not sent");
        presenter.send(conversation, "hello\nsecond line ");
        assertEquals(List.of("bob@localhost", "hello\nsecond line"), service.last().args());
        ((CompletableFuture<ChatMessage>) service.last().result()).complete(service.own("bob@localhost", "hello\nsecond line"));
        presenter.send(conversation, "again");
        service.last().result().completeExceptionally(new ServiceException(FailureKind.UNREACHABLE, null));
        assertEquals(List.of("show bob@localhost 'bob' 0 front", "append bob@localhost hello\nsecond line",
                "failed Could not send: The server cannot be reached. Check your network."),
                events);
    }

    @Test
    void loggedInElsewhereEndsTheSessionWithAClearText() {
        events.clear();
        service.listeners.forEach(l -> l.sessionEnded(SessionEnd.LOGGED_IN_ELSEWHERE));
        assertEquals(List.of("ended LOGGED_IN_ELSEWHERE Your account has logged in from another place, "
                + "so you have been logged out here."), events);
    }

    @Test
    void timesShowTheDateOnlyForOlderMessages() {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T10:15:00Z"), ZoneOffset.UTC);
        MessageTimes times = new MessageTimes(clock);
        assertEquals("09:05", times.format(Instant.parse("2026-11-23T09:05:00Z")));
        assertEquals("2026-11-22 23:59", times.format(Instant.parse("2026-11-22T23:59:00Z")));
    }
}
