package org.magpie.client.service.smack.internal;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.magpie.client.service.ChatMessage;
import org.magpie.client.service.ConversationSummary;
import org.magpie.client.service.GroupMessage;
import org.magpie.client.service.HistoryListener;
import org.magpie.client.service.HistoryPage;
import org.magpie.client.service.HistoryService;
import org.magpie.client.service.MessagingService;
import org.magpie.client.service.smack.SmackMessagingService;

/**
 * The running client's {@link HistoryService} (OSGI-INF/org.magpie.client.service.smack.history.xml):
 * the history and inbox of the session of this bundle's {@link MessagingService} component, injected by DS.
 */
public final class HistoryComponent implements HistoryService {

    private final HistoryService delegate;

    public HistoryComponent(MessagingService messaging) {
        this.delegate = ((SmackMessagingService) messaging).history();
    }

    @Override
    public CompletableFuture<HistoryPage<ChatMessage>> chatHistory(String peer, String older, int max) {
        return delegate.chatHistory(peer, older, max);
    }

    @Override
    public CompletableFuture<HistoryPage<GroupMessage>> groupHistory(String group, String older, int max) {
        return delegate.groupHistory(group, older, max);
    }

    @Override
    public CompletableFuture<List<ConversationSummary>> inbox() {
        return delegate.inbox();
    }

    @Override
    public List<ConversationSummary> lastInbox() {
        return delegate.lastInbox();
    }

    @Override
    public CompletableFuture<Void> markRead(String conversation) {
        return delegate.markRead(conversation);
    }

    @Override
    public void addHistoryListener(HistoryListener listener) {
        delegate.addHistoryListener(listener);
    }

    @Override
    public void removeHistoryListener(HistoryListener listener) {
        delegate.removeHistoryListener(listener);
    }
}
