package org.magpie.client.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.magpie.client.service.ChatMessage;

/**
 * The chats of this session: their messages, which of them has a tab, which tab is in front,
 * and how many messages each has that nobody has looked at yet. Touched on the UI thread only.
 */
public final class Conversations {

    private final Map<String, List<ChatMessage>> messages = new LinkedHashMap<>();
    private final Map<String, Integer> unread = new LinkedHashMap<>();
    private final List<String> open = new ArrayList<>();
    private String active;

    public List<ChatMessage> messages(String conversation) {
        return List.copyOf(messages.getOrDefault(conversation, List.of()));
    }

    void add(ChatMessage message) {
        messages.computeIfAbsent(message.conversation(), k -> new ArrayList<>()).add(message);
        if (!message.own() && !message.conversation().equals(active)) {
            unread.merge(message.conversation(), 1, Integer::sum);
        }
    }

    public boolean isOpen(String conversation) {
        return open.contains(conversation);
    }

    void opened(String conversation) {
        if (!open.contains(conversation)) {
            open.add(conversation);
        }
    }

    void closed(String conversation) {
        open.remove(conversation);
        if (conversation.equals(active)) {
            active = null;
        }
    }

    void activated(String conversation) {
        active = conversation;
        unread.remove(conversation);
    }

    public int unread(String conversation) {
        return unread.getOrDefault(conversation, 0);
    }

    public int totalUnread() {
        return unread.values().stream().mapToInt(Integer::intValue).sum();
    }

    public String active() {
        return active;
    }

    void clear() {
        messages.clear();
        unread.clear();
        open.clear();
        active = null;
    }
}
