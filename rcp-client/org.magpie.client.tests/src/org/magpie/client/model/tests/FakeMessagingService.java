package org.magpie.client.model.tests;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConnectionState;
import org.magpie.client.service.MessagingListener;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.ServerAddress;

/** A messaging service whose answers the test decides: each call returns a future the test completes. */
final class FakeMessagingService implements MessagingService {

    record Call(String operation, ServerAddress server, List<String> args, CompletableFuture<?> result) {
    }

    final List<Call> calls = new ArrayList<>();
    final List<MessagingListener> listeners = new CopyOnWriteArrayList<>();
    ConnectionState state = ConnectionState.OFFLINE;
    String account;

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

    Call last() {
        return calls.get(calls.size() - 1);
    }
}
