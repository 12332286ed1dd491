package org.magpie.client.model.tests;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.HistoryListener;
import org.magpie.client.service.HistoryPage;
import org.magpie.client.service.HistoryService;

/**
 * A history service whose answers the test decides: each page request returns a future the test
 * completes; the inbox is what the test sets. Public for the UI tests.
 */
public final class FakeHistoryService implements HistoryService {

    /** A request: the operation, the conversation, the cursor (or null) and the future to complete. */
    public record Call(String operation, String conversation, String older, CompletableFuture<?> result) {
    }

    public final List<Call> calls = new CopyOnWriteArrayList<>();
    public final List<HistoryListener> listeners = new CopyOnWriteArrayList<>();
    public volatile List<ConversationSummary> inbox = List.of();
    /** Kinds as messages' out-of-band data told them, by text. */
    public final java.util.Map<String, org.magpie.client.service.MessageKind> kinds = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public org.magpie.client.service.MessageKind kind(String text) {
        org.magpie.client.service.MessageKind told = text == null ? null : kinds.get(text.strip());
        return told != null ? told : HistoryService.super.kind(text);
    }

    @Override
    public CompletableFuture<HistoryPage<ChatMessage>> chatHistory(String peer, String older, int max) {
        CompletableFuture<HistoryPage<ChatMessage>> f = new CompletableFuture<>();
        calls.add(new Call("chatHistory", peer, older, f));
        return f;
    }

    @Override
    public CompletableFuture<HistoryPage<GroupMessage>> groupHistory(String group, String older, int max) {
        CompletableFuture<HistoryPage<GroupMessage>> f = new CompletableFuture<>();
        calls.add(new Call("groupHistory", group, older, f));
        return f;
    }

    @Override
    public CompletableFuture<List<ConversationSummary>> inbox() {
        return CompletableFuture.completedFuture(inbox);
    }

    @Override
    public List<ConversationSummary> lastInbox() {
        return inbox;
    }

    @Override
    public CompletableFuture<Void> markRead(String conversation) {
        CompletableFuture<Void> f = CompletableFuture.completedFuture(null);
        calls.add(new Call("markRead", conversation, null, f));
        return f;
    }

    /** Sets the inbox and tells the listeners, as the service does after a login. */
    public void inbox(List<ConversationSummary> now) {
        inbox = List.copyOf(now);
        listeners.forEach(l -> l.inboxChanged(inbox));
    }

    /** The conversations told read, in order. */
    public List<String> reads() {
        return calls.stream().filter(c -> c.operation().equals("markRead")).map(Call::conversation).toList();
    }

    /** The page requests (chatHistory, groupHistory), in order. */
    public List<Call> pages() {
        return calls.stream().filter(c -> !c.operation().equals("markRead")).toList();
    }

    @Override
    public void addHistoryListener(HistoryListener listener) {
        listeners.add(listener);
    }

    @Override
    public void removeHistoryListener(HistoryListener listener) {
        listeners.remove(listener);
    }
}
