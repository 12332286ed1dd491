package org.magpie.client.model.tests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.Contact;
import org.magpie.client.service.FriendRequest;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServerAddress;

/**
 * A messaging service whose answers the test decides: each call returns a future the test
 * completes; contacts and friend requests are what the test puts into {@link #contacts} and
 * {@link #requests} (and tells the listeners itself). Public for the UI tests.
 */
public final class FakeMessagingService implements MessagingService {

    public record Call(String operation, ServerAddress server, List<String> args, CompletableFuture<?> result) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<MessagingListener> listeners = new CopyOnWriteArrayList<>();
    public volatile ConnectionState state = ConnectionState.OFFLINE;
    public volatile String account;
    public volatile List<Contact> contacts = List.of();
    public volatile List<FriendRequest> requests = List.of();

    @Override
    public CompletableFuture<Void> register(ServerAddress server, String username, String password, String nickname) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        calls.add(new Call("register", server, List.of(username, password, nickname), f));
        return f;
    }

    @Override
    public CompletableFuture<String> login(ServerAddress server, String username, String password) {
        CompletableFuture<String> f = new CompletableFuture<>();
        calls.add(new Call("login", server, List.of(username, password), f));
        return f;
    }

    @Override
    public void logout() {
        calls.add(new Call("logout", null, List.of(), null));
    }

    @Override
    public ConnectionState state() {
        return state;
    }

    @Override
    public String account() {
        return account;
    }

    @Override
    public String nickname() {
        return "Me";
    }

    @Override
    public CompletableFuture<ChatMessage> send(String to, String text) {
        CompletableFuture<ChatMessage> f = new CompletableFuture<>();
        calls.add(new Call("send", null, List.of(to, text), f));
        return f;
    }

    @Override
    public List<Contact> contacts() {
        return contacts;
    }

    @Override
    public List<FriendRequest> friendRequests() {
        return requests;
    }

    @Override
    public CompletableFuture<Void> requestFriend(String to, String greeting) {
        return call("requestFriend", to, greeting == null ? "" : greeting);
    }

    @Override
    public CompletableFuture<Void> acceptRequest(String from) {
        return call("acceptRequest", from);
    }

    @Override
    public CompletableFuture<Void> rejectRequest(String from) {
        return call("rejectRequest", from);
    }

    @Override
    public CompletableFuture<Void> removeFriend(String contact) {
        return call("removeFriend", contact);
    }

    private CompletableFuture<Void> call(String operation, String... args) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        calls.add(new Call(operation, null, List.of(args), f));
        return f;
    }

    /** Sets the contacts and tells the listeners, as the service does when the list changes. */
    public void contacts(List<Contact> all) {
        contacts = List.copyOf(all);
        listeners.forEach(l -> l.contactsChanged(contacts));
    }

    /** Tells the listeners a request came (and keeps it in {@link #requests}). */
    public void request(FriendRequest r) {
        List<FriendRequest> now = new ArrayList<>(requests);
        now.add(r);
        requests = List.copyOf(now);
        listeners.forEach(l -> l.friendRequestReceived(r));
    }

    /** The calls of one operation. */
    public List<Call> calls(String operation) {
        return calls.stream().filter(c -> c.operation().equals(operation)).toList();
    }

    ChatMessage own(String to, String text) {
        return new ChatMessage(to, account, "Me", text, Instant.now(), true);
    }

    @Override
    public void addListener(MessagingListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeListener(MessagingListener listener) {
        listeners.remove(listener);
    }

    public Call last() {
        return calls.get(calls.size() - 1);
    }
}
