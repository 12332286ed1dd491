package org.magpie.client.service.smack.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.ServiceException;
import org.magpie.client.service.SessionEnd;

/** A listener that records every call, with the thread it came on, for tests to wait on. */
final class Recorder implements MessagingListener {

    record Failure(ChatMessage message, ServiceException reason) {
    }

    final List<ConnectionState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    final List<String> threads = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BlockingQueue<ConnectionState> stateQueue = new LinkedBlockingQueue<>();
    private final BlockingQueue<ChatMessage> messages = new LinkedBlockingQueue<>();
    private final BlockingQueue<SessionEnd> ends = new LinkedBlockingQueue<>();
    private final BlockingQueue<Failure> failures = new LinkedBlockingQueue<>();
    final List<FriendRequest> requests = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final BlockingQueue<FriendRequest> requestQueue = new LinkedBlockingQueue<>();
    private final BlockingQueue<Contact> contactChanges = new LinkedBlockingQueue<>();
    volatile List<Contact> contacts = List.of();

    @Override
    public void contactsChanged(List<Contact> all) {
        threads.add(Thread.currentThread().getName());
        contacts = all;
    }

    @Override
    public void contactChanged(Contact contact) {
        threads.add(Thread.currentThread().getName());
        contactChanges.add(contact);
    }

    @Override
    public void friendRequestReceived(FriendRequest request) {
        threads.add(Thread.currentThread().getName());
        requests.add(request);
        requestQueue.add(request);
    }

    FriendRequest awaitRequest(Duration timeout) throws InterruptedException {
        FriendRequest r = requestQueue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(r, "a friend request within " + timeout);
        return r;
    }

    /** Waits for a contactChanged call that matches (skipping others). */
    Contact awaitContactChange(java.util.function.Predicate<Contact> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Contact> skipped = new ArrayList<>();
        while (true) {
            Contact c = contactChanges.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (c == null) {
                return fail("no matching contact change within " + timeout + "; got " + skipped);
            }
            if (match.test(c)) {
                return c;
            }
            skipped.add(c);
        }
    }

    @Override
    public void stateChanged(ConnectionState state) {
        threads.add(Thread.currentThread().getName());
        states.add(state);
        stateQueue.add(state);
    }

    @Override
    public void messageReceived(ChatMessage message) {
        threads.add(Thread.currentThread().getName());
        messages.add(message);
    }

    @Override
    public void sessionEnded(SessionEnd reason) {
        threads.add(Thread.currentThread().getName());
        ends.add(reason);
    }

    @Override
    public void messageFailed(ChatMessage message, ServiceException reason) {
        threads.add(Thread.currentThread().getName());
        failures.add(new Failure(message, reason));
    }

    /** Waits until the state has been reported (skipping others); fails after the timeout. */
    void awaitState(ConnectionState expected, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConnectionState> skipped = new ArrayList<>();
        while (true) {
            ConnectionState s = stateQueue.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                fail("no " + expected + " within " + timeout + "; got " + skipped + ", all: " + states);
            }
            if (s == expected) {
                return;
            }
            skipped.add(s);
        }
    }

    ChatMessage awaitMessage(Duration timeout) throws InterruptedException {
        ChatMessage m = messages.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(m, "a message within " + timeout);
        return m;
    }

    SessionEnd awaitEnd(Duration timeout) throws InterruptedException {
        SessionEnd e = ends.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(e, "session end within " + timeout + "; states " + states);
        return e;
    }

    Failure awaitFailure(Duration timeout) throws InterruptedException {
        Failure f = failures.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        assertNotNull(f, "a failed message within " + timeout);
        return f;
    }

    void assertNoMoreEnds() {
        assertEquals(List.of(), List.copyOf(ends));
    }
}
